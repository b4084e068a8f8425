/**
 * Normalisation for comparing answer text with passage text: NFKC (ligatures
 * such as "ﬁ" become "fi"), quotation marks (single, double, curly) and dashes unified, words broken by a
 * hyphen at a line end re-joined, whitespace collapsed, lower case. Keeps a map
 * from each normalised character back to the original so a match can be
 * highlighted in the original text.
 */
export interface Normalized {
  text: string;
  /** origin[i] = index in the original string of normalised character i. */
  origin: number[];
}

// Double quotes count as single ones: a quotation that holds one writes it single (“… 'gold' …”), so it cannot
// end early.
const QUOTES: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  '"': "'",
  '‐': '-',
  '‑': '-',
  '–': '-',
  '—': '-',
  '−': '-',
};

export function normalizeForMatch(input: string): Normalized {
  const chars: string[] = [];
  const origin: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i]!;
    // "hyph- enation" / "hyph-\nenation" → "hyphenation" (only lower-case continuations).
    if (ch === '-' && /\S/.test(input[i - 1] ?? '') && /\s/.test(input[i + 1] ?? '')) {
      let j = i + 1;
      while (j < input.length && /\s/.test(input[j]!)) j += 1;
      if (/[a-z]/.test(input[j] ?? '') && /\n/.test(input.slice(i + 1, j))) {
        i = j - 1;
        continue;
      }
    }
    for (const piece of (QUOTES[ch] ?? ch).normalize('NFKC').toLowerCase()) {
      if (/\s/.test(piece)) {
        if (lastSpace) continue;
        chars.push(' ');
        origin.push(i);
        lastSpace = true;
      } else {
        chars.push(piece);
        origin.push(i);
        lastSpace = false;
      }
    }
  }
  while (chars.at(-1) === ' ') {
    chars.pop();
    origin.pop();
  }
  return { text: chars.join(''), origin };
}

/** Where `needle` occurs in `haystack` after normalisation of both, as a range of the original haystack. */
export function findNormalized(haystack: string, needle: string): { start: number; end: number } | null {
  const n = normalizeForMatch(needle).text.replace(/^[\s"'.,;:]+|[\s"'.,;:]+$/g, '');
  if (n.length === 0) return null;
  const h = normalizeForMatch(haystack);
  const at = h.text.indexOf(n);
  if (at === -1) return null;
  return { start: h.origin[at]!, end: h.origin[at + n.length - 1]! + 1 };
}

const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have how i if in into is it its may might more most no not of on or our over so such than that the their them then there these they this those through to under up was we were what when where which while who why will with would you your also between both each other only same some using used via per'.split(
    ' ',
  ),
);

/** Content words, lightly stemmed, for overlap scores. */
export function contentWords(text: string): string[] {
  return normalizeForMatch(text)
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w) && !/^\d{1,2}$/.test(w))
    .map(stem);
}

/** A tiny suffix stripper: enough that "models"/"model" and "measured"/"measure" meet. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of [
    'ational',
    'ization',
    'ations',
    'ation',
    'ities',
    'ingly',
    'ments',
    'ness',
    'ment',
    'ings',
    'ing',
    'ies',
    'ied',
    'ed',
    'es',
    'ly',
    's',
  ]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, word.length - suffix.length);
  }
  return word;
}

/** Share of the claim's content words that the passage contains (0..1). */
export function lexicalSupport(claim: string, passage: string): number {
  const words = [...new Set(contentWords(claim))];
  if (words.length === 0) return 0;
  const have = new Set(contentWords(passage));
  return words.filter((w) => have.has(w)).length / words.length;
}
