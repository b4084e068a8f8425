import { median, type Line } from './layout.js';

/** How far into the page (as a share of its height) running headers and footers sit. */
const BAND = 0.13;
/** Page numbers, alone or as "Page 3 of 12", "- 3 -", "iv". */
const PAGE_NUMBER = /^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;

/** Lines of a page sitting in its top or bottom band: the first and last few, top to bottom. */
function bandLines(lines: readonly Line[], height: number): Line[] {
  const byTop = [...lines].sort((a, b) => a.top - b.top);
  const edge = [...byTop.slice(0, 3), ...byTop.slice(-3)];
  return [...new Set(edge)].filter((l) => l.top < height * BAND || l.bottom > height * (1 - BAND));
}

/** What stays the same in a running header from page to page: letters, with any number standing for any other. */
function runningKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/[^\p{L}#]+/gu, '');
}

/** Letter pairs of a key, for comparing two readings of one line. */
function pairs(key: string): string[] {
  return Array.from({ length: Math.max(0, key.length - 1) }, (_, i) => key.slice(i, i + 2));
}

/** Dice's coefficient of two keys' letter pairs: 1 for the same text, near it for one letter or two read otherwise. */
function similarity(a: string, b: string): number {
  const left = pairs(a);
  const right = pairs(b);
  const pool = new Map<string, number>();
  for (const p of right) pool.set(p, (pool.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of left) {
    const n = pool.get(p) ?? 0;
    if (n > 0) {
      shared += 1;
      pool.set(p, n - 1);
    }
  }
  return (2 * shared) / Math.max(1, left.length + right.length);
}

/** OCR reads a footer a little differently on each page ("SST-2000: 8° Aust…", "§ST-2000: 8” Aust…"). */
const SAME_READING = 0.85;
const FUZZY_MIN_LENGTH = 12;

/**
 * Removes running headers and footers: lines in the top or bottom band that
 * repeat (numbers aside) on several pages or repeat a heading beside the page number, and
 * bare page numbers there.
 * A first page keeps its larger-type lines (a title may match a running head).
 * Returns how many lines went.
 */
export function removeRunningLines(pages: { lines: Line[]; height: number; ocr?: boolean }[]): number {
  const pagesWith = new Map<string, Set<number>>();
  // On scanned pages a line's key is the first close enough key seen on another scanned page.
  const ocrKeys: string[] = [];
  const keyOf = (line: Line, ocr: boolean): string => {
    const key = runningKey(line.text);
    if (!ocr || key.length < FUZZY_MIN_LENGTH) return key;
    const seen = ocrKeys.find((k) => similarity(k, key) >= SAME_READING);
    if (seen !== undefined) return seen;
    ocrKeys.push(key);
    return key;
  };
  const bodyKeys = new Set<string>();
  pages.forEach((page) => {
    const band = new Set(bandLines(page.lines, page.height));
    for (const line of page.lines) if (!band.has(line)) bodyKeys.add(runningKey(line.text));
  });
  pages.forEach((page, i) => {
    for (const line of bandLines(page.lines, page.height)) {
      const key = keyOf(line, page.ocr === true);
      if (key.replace(/#/g, '').length < 3) continue;
      if (!pagesWith.has(key)) pagesWith.set(key, new Set());
      pagesWith.get(key)!.add(i);
    }
  });
  const threshold = Math.max(2, Math.min(3, Math.ceil(pages.length / 4)));
  let removed = 0;
  pages.forEach((page, i) => {
    const body = median(page.lines.map((l) => l.size));
    const band = new Set(bandLines(page.lines, page.height));
    const numbers = [...band].filter((l) => PAGE_NUMBER.test(l.text));
    const drop = (line: Line): boolean => {
      if (!band.has(line)) return false;
      if (PAGE_NUMBER.test(line.text)) return true;
      // A running head that names the current section ("3.3 Faust Primitives") repeats a heading and shares its row
      // with the page number.
      if (i > 0 && bodyKeys.has(runningKey(line.text)) && numbers.some((n) => Math.abs(n.top - line.top) < 2))
        return true;
      const repeated = (pagesWith.get(keyOf(line, page.ocr === true))?.size ?? 0) >= threshold;
      return repeated && (i > 0 || line.size <= body * 1.15);
    };
    const kept = page.lines.filter((l) => !drop(l));
    removed += page.lines.length - kept.length;
    // A block cut off at its top by a removed line starts where the first kept line is.
    kept.forEach((line, k) => {
      if (k === 0 || kept[k - 1] !== page.lines[page.lines.indexOf(line) - 1]) line.blockStart = true;
    });
    page.lines = kept;
  });
  return removed;
}
