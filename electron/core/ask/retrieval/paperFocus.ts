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
