import { normalizeForMatch } from '../citations/textMatch.js';

const STOP = new Set(
  'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves paper papers study show shows shown describe described'.split(
    ' ',
  ),
);

/**
 * Turns free text into a safe FTS5 MATCH expression: each content word quoted
 * (so FTS5 syntax in the question is never interpreted) and OR-ed, which lets
 * bm25() rank by how many and how rare the matched words are. Null when the
 * question has no searchable word.
 */
export function ftsQuery(text: string): string | null {
  const unique = ftsWords(text);
  if (unique.length === 0) return null;
  return unique.map((w) => `"${w}"`).join(' OR ');
}

/** The distinct searchable words of a text, lower case, at most 64. */
export function ftsWords(text: string): string[] {
  const words = normalizeForMatch(text)
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w));
  return [...new Set(words)].slice(0, 64);
}
