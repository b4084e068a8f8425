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

/**
 * Removes running headers and footers: lines in the top or bottom band that
 * repeat (numbers aside) on several pages or repeat a heading beside the page number, and
 * bare page numbers there.
 * A first page keeps its larger-type lines (a title may match a running head).
 * Returns how many lines went.
 */
export function removeRunningLines(pages: { lines: Line[]; height: number }[]): number {
  const pagesWith = new Map<string, Set<number>>();
  const bodyKeys = new Set<string>();
  pages.forEach((page) => {
    const band = new Set(bandLines(page.lines, page.height));
    for (const line of page.lines) if (!band.has(line)) bodyKeys.add(runningKey(line.text));
  });
  pages.forEach((page, i) => {
    for (const line of bandLines(page.lines, page.height)) {
      const key = runningKey(line.text);
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
      const repeated = (pagesWith.get(runningKey(line.text))?.size ?? 0) >= threshold;
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
