/** A sentence of the answer with its range. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|fig|figs|eq|eqs|sec|no|vol|pp|approx|resp|ref|refs|dr|mr|ms|prof)|\b[A-Z])\.$/i;

/**
 * Splits text into sentences, keeping a trailing citation such as "… 5%. [2]"
 * with the sentence it follows, and not splitting on "e.g.", "et al.", "Fig. 3"
 * or decimals.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const re = /[.!?]+(?=\s|$)|\n{2,}/g;
  for (const m of text.matchAll(re)) {
    let end = m.index + m[0].length;
    const before = text.slice(start, end);
    if (m[0] !== '\n\n' && ABBREVIATIONS.test(before)) continue;
    // Pull citations that directly follow the full stop into this sentence.
    const tail = /^\s*(\[[\d\s,;\-–]+\]\s*)+/.exec(text.slice(end));
    if (tail !== null) end += tail[0].trimEnd().length;
    pushTrimmed(out, text, start, end);
    start = end;
  }
  pushTrimmed(out, text, start, text.length);
  return out;
}

function pushTrimmed(out: Sentence[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s += 1;
  while (e > s && /\s/.test(text[e - 1]!)) e -= 1;
  if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
}
