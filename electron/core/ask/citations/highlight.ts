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
