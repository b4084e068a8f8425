import { normalizeForMatch } from '../citations/textMatch.js';

const STOP = new Set(
  'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves paper papers study show shows shown describe described'.split(
    ' ',
  ),
);

/**
 * The distinct searchable words of a text, lower case, at most 64: stop words and FTS5 syntax left out. Full text
 * quotes each and ORs them, which lets bm25() rank by how many and how rare the matched words are.
 */
export function ftsWords(text: string): string[] {
  const words = normalizeForMatch(text)
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w));
  return [...new Set(words)].slice(0, 64);
}
