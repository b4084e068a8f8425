import type { CssRect } from './highlights.js';
import type { TextMatch } from './findText.js';

/** Client rectangles of a match, through a DOM range over the text layer's spans (exact glyph extents). */
export function matchRects(textDivs: readonly HTMLElement[], match: TextMatch): DOMRect[] {
  const start = textDivs[match.start.item]?.firstChild;
  const end = textDivs[match.end.item]?.firstChild;
  if (start == null || end == null) return [];
  const range = document.createRange();
  range.setStart(start, Math.min(match.start.offset, start.textContent?.length ?? 0));
  range.setEnd(end, Math.min(match.end.offset, end.textContent?.length ?? 0));
  return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
}

/**
 * One rectangle per line, relative to `origin` (the page): a range gives a
 * rectangle per span and some twice (the span and its text), which drawn
 * as they come would stack and stripe. Pieces on one line that touch merge.
 */
export function lineRects(rects: readonly DOMRect[], origin: DOMRect): CssRect[] {
  const lines: { left: number; top: number; right: number; bottom: number }[] = [];
  for (const r of [...rects].sort((a, b) => a.top - b.top || a.left - b.left)) {
    const centre = (r.top + r.bottom) / 2;
    const line = lines.find(
      (l) =>
        Math.abs((l.top + l.bottom) / 2 - centre) < Math.min(l.bottom - l.top, r.height) / 2 &&
        r.left <= l.right + r.height &&
        l.left <= r.right + r.height,
    );
    if (line === undefined) lines.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    else
      Object.assign(line, {
        left: Math.min(line.left, r.left),
        top: Math.min(line.top, r.top),
        right: Math.max(line.right, r.right),
        bottom: Math.max(line.bottom, r.bottom),
      });
  }
  return lines.map((l) => ({
    left: l.left - origin.left,
    top: l.top - origin.top,
    width: l.right - l.left,
    height: l.bottom - l.top,
  }));
}
