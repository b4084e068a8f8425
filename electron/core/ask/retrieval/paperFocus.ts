import { ftsWords } from './ftsQuery.js';

/** The passages holding a word, by paper (a bounded sample: enough to tell one paper from several). */
export type PapersHolding = (word: string) => string[];

/**
 * The paper a question singles out, or null: a paper that alone, among the papers searched, holds one of the
 * question's words in two passages or more ("PaSa", "RealScholarQuery", "poweRlaw"), with no word pointing to another
 * paper the same way. Such a question is about that paper, so its passages are not capped to make room for others.
 */
export function singledOutPaper(question: string, papersHolding: PapersHolding): string | null {
  let focus: string | null = null;
  for (const word of ftsWords(question)) {
    const holders = papersHolding(word);
    const papers = new Set(holders);
    if (papers.size !== 1 || holders.length < 2) continue;
    const [paper] = papers;
    if (focus !== null && focus !== paper) return null;
    focus = paper!;
  }
  return focus;
}

/** How many first hits must share a paper for the ranking itself to single that paper out. */
export const LEADING_HITS = 3;

/**
 * The paper the ranking singles out, or null: the first `LEADING_HITS` hits all come from it. A question whose best
 * passages all lie in one paper is about that paper, even when none of its words is unique to it, so its other
 * passages (often the gold page) should not be pushed out by other papers' passages.
 */
export function leadingPaper(ranked: readonly { paperId: string }[], hits = LEADING_HITS): string | null {
  if (ranked.length < hits) return null;
  const first = ranked[0]!.paperId;
  return ranked.slice(0, hits).every((p) => p.paperId === first) ? first : null;
}
