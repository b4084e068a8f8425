import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from '@playwright/test';

export interface PointBox {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The box (PDF points, top-left origin) of the text item on `page` that contains `phrase`, read with pdf.js in Node.
 */
export async function textItemBox(file: string, page: number, phrase: string): Promise<PointBox> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
  try {
    const proxy = await doc.getPage(page);
    const { height } = proxy.getViewport({ scale: 1 });
    const content = await proxy.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.includes(phrase)) continue;
      const [, , , , x, baseline] = item.transform as number[];
      return { page, x: x!, y: height - baseline! - item.height * 0.8, w: item.width, h: item.height };
    }
    throw new Error(`"${phrase}" is not a text item on page ${page} of ${file}`);
  } finally {
    await doc.destroy();
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Screen rectangles of the Reader's text-layer spans whose text contains `text`. */
export async function textLayerRects(page: Page, text: string): Promise<Rect[]> {
  return page.locator('.textLayer span').evaluateAll(
    (spans, wanted) =>
      spans
        .filter((s) => (s.textContent ?? '').includes(wanted))
        .map((s) => {
          const r = s.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
    text,
  );
}

export async function highlightRects(page: Page): Promise<Rect[]> {
  return page.getByTestId('highlight').evaluateAll((boxes) =>
    boxes.map((b) => {
      const r = b.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** The share of `target`'s area covered by any of `covers`. */
export function coveredShare(target: Rect, covers: readonly Rect[]): number {
  let best = 0;
  for (const c of covers) {
    const w = Math.min(target.x + target.width, c.x + c.width) - Math.max(target.x, c.x);
    const h = Math.min(target.y + target.height, c.y + c.height) - Math.max(target.y, c.y);
    if (w > 0 && h > 0) best = Math.max(best, (w * h) / (target.width * target.height));
  }
  return best;
}

/** The screen rectangles of `phrase` wherever it lies inside one text-layer span. */
export async function phraseRects(page: Page, phrase: string): Promise<Rect[]> {
  return page.locator('.textLayer span').evaluateAll((spans, wanted) => {
    const found: { x: number; y: number; width: number; height: number }[] = [];
    for (const s of spans) {
      const node = s.firstChild;
      const text = node?.textContent ?? '';
      for (let at = text.indexOf(wanted); node != null && at >= 0; at = text.indexOf(wanted, at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const r = range.getBoundingClientRect();
        found.push({ x: r.x, y: r.y, width: r.width, height: r.height });
      }
    }
    return found;
  }, phrase);
}
