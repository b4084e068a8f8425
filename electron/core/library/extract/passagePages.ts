import type { Box, PageSpan } from '../types.js';

/** Where a page's part of a passage begins, as an offset into the passage's text. */
export interface PageStart {
  page: number;
  start: number;
}

/**
 * Where each page's part of a passage begins in the passage's text. A passage's
 * text is its words joined by single spaces (textChunker), taken from its
 * spans of the pages' text in order, and a word never runs across two spans
 * (spans split only where extraction put a paragraph break), so each span's
 * words give its length in the passage.
 */
export function pageStarts(spans: readonly PageSpan[], pageText: (page: number) => string): PageStart[] {
  const starts: PageStart[] = [];
  let offset = 0;
  for (const span of spans) {
    if (starts.at(-1)?.page !== span.page) starts.push({ page: span.page, start: offset });
    for (const word of pageText(span.page).slice(span.start, span.end).matchAll(/\S+/g)) offset += word[0].length + 1;
  }
  return starts;
}

/**
 * The page holding most of characters [start, end) of a passage, and the part
 * of that page the range covers; null for a passage without pages.
 */
export function pageOfRange(
  starts: readonly PageStart[],
  textLength: number,
  start: number,
  end: number,
): { page: number; from: number; to: number } | null {
  let best: { page: number; from: number; to: number; covered: number } | null = null;
  starts.forEach((s, i) => {
    const to = starts[i + 1]?.start ?? textLength;
    const covered = Math.min(end, to) - Math.max(start, s.start);
    if (best === null || covered > best.covered) best = { page: s.page, from: s.start, to, covered };
  });
  if (best === null) return null;
  const { page, from, to } = best;
  return { page, from, to };
}

/** The boxes of a passage's lines on one page. */
export function boxesOnPage(boxes: readonly Box[], page: number): Box[] {
  return boxes.filter((b) => b.page === page);
}
