import { boxesOnPage, pageOfRange, type PageStart } from '../../library/extract/passagePages.js';
import type { Box } from '../../library/types.js';

/**
 * The boxes covering characters [start, end) of a passage whose text runs
 * through `boxes` (one per line, in reading order). Characters are spread over
 * the lines in proportion to line width, which is close for justified text;
 * partial first and last lines are cut horizontally.
 */
export function highlightRange(boxes: readonly Box[], textLength: number, start: number, end: number): Box[] {
  if (boxes.length === 0 || textLength <= 0 || end <= start) return [];
  const total = boxes.reduce((sum, b) => sum + Math.max(b.w, 0), 0);
  if (total <= 0) return [...boxes];
  const from = (Math.max(0, start) / textLength) * total;
  const to = (Math.min(textLength, end) / textLength) * total;
  const out: Box[] = [];
  let offset = 0;
  for (const b of boxes) {
    const lineStart = offset;
    const lineEnd = offset + Math.max(b.w, 0);
    offset = lineEnd;
    const a = Math.max(from, lineStart);
    const z = Math.min(to, lineEnd);
    if (z - a <= 0.5) continue;
    out.push({ page: b.page, x: b.x + (a - lineStart), y: b.y, w: z - a, h: b.h });
  }
  return out;
}

/** What a citation needs to name the page of a range of its passage. */
export interface PlacedPassage {
  page: number | null;
  text: string;
  boxes: readonly Box[];
  /** Where each page's part begins in `text` (see library/extract/passagePages.ts); absent or empty: one page. */
  pages?: readonly PageStart[];
}

/**
 * The page holding characters [start, end) of a passage (most of them, when the range runs over a page break) and
 * the boxes to highlight there: a passage that begins on one page and goes on to the next cites the page its quote is
 * on.
 */
export function placeRange(
  passage: PlacedPassage,
  start: number,
  end: number,
): { page: number | null; highlight: Box[] } {
  const on = pageOfRange(passage.pages ?? [], passage.text.length, start, end);
  if (on === null || (passage.pages?.length ?? 0) < 2)
    return {
      page: on?.page ?? passage.page,
      highlight: highlightRange(passage.boxes, passage.text.length, start, end),
    };
  const from = Math.max(start, on.from) - on.from;
  const to = Math.min(end, on.to) - on.from;
  return { page: on.page, highlight: highlightRange(boxesOnPage(passage.boxes, on.page), on.to - on.from, from, to) };
}
