import { pageOfRange, type PageStart } from '../../library/extract/passagePages.js';
import { splitSentences } from '../citations/sentences.js';
import { lexicalSupport } from '../citations/textMatch.js';

/**
 * The page a hit should name: the page of its sentence that shares most of the query's words (a passage running over
 * a page break often answers on the second page), else the page holding most of it.
 */
export function pageForQuery(
  query: string,
  passage: { text: string; page: number | null; pages: readonly PageStart[] },
): number | null {
  if (passage.pages.length < 2) return passage.pages[0]?.page ?? passage.page;
  let best = { start: 0, end: passage.text.length, score: 0 };
  for (const s of splitSentences(passage.text)) {
    const score = lexicalSupport(query, s.text);
    if (score > best.score) best = { start: s.start, end: s.end, score };
  }
  return pageOfRange(passage.pages, passage.text.length, best.start, best.end)?.page ?? passage.page;
}
