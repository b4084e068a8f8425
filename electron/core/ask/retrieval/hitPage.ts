import { pageOfRange, type PageStart } from '../../library/extract/passagePages.js';
import { splitSentences } from '../citations/sentences.js';
import { lexicalSupport } from '../citations/textMatch.js';

/**
 * The page a hit should name, for a passage running over a page break: the page whose part of the passage holds most
 * of the query's words (the answer and the words around it sit together; a single sentence rarely repeats the
 * question), and on a tie the page of the sentence that shares most of them.
 */
export function pageForQuery(
  query: string,
  passage: { text: string; page: number | null; pages: readonly PageStart[] },
): number | null {
  const { pages, text } = passage;
  if (pages.length < 2) return pages[0]?.page ?? passage.page;
  const parts = pages.map((p, i) => ({
    page: p.page,
    score: lexicalSupport(query, text.slice(p.start, pages[i + 1]?.start ?? text.length)),
  }));
  const top = Math.max(...parts.map((p) => p.score));
  const tied = parts.filter((p) => p.score === top);
  if (tied.length === 1) return tied[0]!.page;
  const candidates = new Set(tied.map((p) => p.page));
  let best: { start: number; end: number; score: number } | null = null;
  for (const s of splitSentences(text)) {
    const page = pageOfRange(pages, text.length, s.start, s.end)?.page;
    if (page === undefined || !candidates.has(page)) continue;
    const score = lexicalSupport(query, s.text);
    if (best === null || score > best.score) best = { start: s.start, end: s.end, score };
  }
  return best === null ? tied[0]!.page : (pageOfRange(pages, text.length, best.start, best.end)?.page ?? passage.page);
}
