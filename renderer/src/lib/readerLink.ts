/** The Reader's address: the route a link opens it at (page, highlighted boxes, quote) and how the Reader reads it back. */
import type { z } from 'zod';
import type { BoxSchema } from '../../../electron/contract/ops/ask.js';

/** A rectangle on a page in PDF points, origin at the page's top-left corner (y grows downwards). */
export type Box = z.infer<typeof BoxSchema>;

const round = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * Boxes travel in the Reader's URL (`hl=`) so a citation link is a plain
 * address: `page:x,y,w,h` joined by `;`, one decimal is plenty for points.
 */
export function encodeHighlight(boxes: readonly Box[]): string {
  return boxes.map((b) => `${b.page}:${round(b.x)},${round(b.y)},${round(b.w)},${round(b.h)}`).join(';');
}

/** Reads `hl=`; anything malformed is dropped rather than trusted (the URL can be typed by hand). */
export function decodeHighlight(param: string | null): Box[] {
  if (param === null || param === '') return [];
  const boxes: Box[] = [];
  for (const part of param.split(';')) {
    const match = /^(\d+):(-?[\d.]+),(-?[\d.]+),([\d.]+),([\d.]+)$/.exec(part.trim());
    if (match === null) continue;
    const [page, x, y, w, h] = match.slice(1).map(Number) as [number, number, number, number, number];
    if ([x, y, w, h].some((n) => !Number.isFinite(n)) || page < 1 || w <= 0 || h <= 0) continue;
    boxes.push({ page, x, y, w, h });
  }
  return boxes;
}

/**
 * The route that opens a paper in the Reader, at a page, with boxes highlighted (over `quote`'s words where the page
 * has them).
 */
export function readerPath(paperId: string, page: number | null, boxes: readonly Box[] = [], quote = ''): string {
  const params = new URLSearchParams();
  const first = boxes[0]?.page ?? null;
  const target = page ?? first;
  if (target !== null) params.set('page', String(target));
  if (boxes.length > 0) params.set('hl', encodeHighlight(boxes));
  if (boxes.length > 0 && quote.trim() !== '') params.set('q', quote.trim());
  const query = params.toString();
  return `/reader/${encodeURIComponent(paperId)}${query === '' ? '' : `?${query}`}`;
}

/** A page number from the URL, clamped to the document; the first highlighted page when none is given. */
export function initialPage(param: string | null, boxes: readonly Box[]): number {
  const asked = Number(param);
  if (param !== null && Number.isInteger(asked) && asked >= 1) return asked;
  return boxes[0]?.page ?? 1;
}

/** Navigation state of a Reader opened from an answer: it offers the way back to it. */
export const FROM_ANSWER = { fromAnswer: true } as const;

export function openedFromAnswer(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { fromAnswer?: unknown }).fromAnswer === true;
}
