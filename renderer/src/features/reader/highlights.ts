import type { Box } from '../../lib/readerLink.js';

/** A highlight's place inside the page element, in CSS pixels. */
export interface CssRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function boxesOnPage(boxes: readonly Box[], page: number): Box[] {
  return boxes.filter((b) => b.page === page);
}

/** CSS pixels inside the page element for a box in points, at `scale` CSS px per point. */
export function boxToCss(box: Box, scale: number): CssRect {
  return { left: box.x * scale, top: box.y * scale, width: box.w * scale, height: box.h * scale };
}
