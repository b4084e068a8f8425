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

/** What a page's band holds: its edge lines (indices into the page's lines), their keys, its body size. */
export interface PageBand {
  index: number;
  at: number[];
  lines: Line[];
  keys: string[];
  /** The page's median text size. */
  body: number;
}

/**
 * Finds running headers and footers — lines in the top or bottom band that repeat (numbers aside) on several pages or
 * repeat a heading beside the page number, and bare page numbers there — from pages seen one at a time: each page
 * leaves only its few edge lines and the keys of its other lines, so the decision for every page can wait until all
 * have been read without keeping them. A first page keeps its larger-type lines (a title may match a running head).
 */
export class RunningLines {
  private readonly pagesWith = new Map<string, Set<number>>();
  // On scanned pages a line's key is the first close enough key seen on another scanned page.
  private readonly ocrKeys: string[] = [];
  private readonly bodyKeys = new Set<string>();
  private pages = 0;

  private keyOf(line: Line, ocr: boolean): string {
    const key = runningKey(line.text);
    if (!ocr || key.length < FUZZY_MIN_LENGTH) return key;
    const seen = this.ocrKeys.find((k) => similarity(k, key) >= SAME_READING);
    if (seen !== undefined) return seen;
    this.ocrKeys.push(key);
    return key;
  }

  /** Takes note of the next page (in page order). */
  see(lines: readonly Line[], height: number, ocr = false): PageBand {
    const index = this.pages++;
    const band = bandLines(lines, height);
    const inBand = new Set(band);
    for (const line of lines) if (!inBand.has(line)) this.bodyKeys.add(runningKey(line.text));
    const keys = band.map((line) => this.keyOf(line, ocr));
    keys.forEach((key) => {
      if (key.replace(/#/g, '').length < 3) return;
      if (!this.pagesWith.has(key)) this.pagesWith.set(key, new Set());
      this.pagesWith.get(key)!.add(index);
    });
    return {
      index,
      at: band.map((line) => lines.indexOf(line)),
      lines: band,
      keys,
      body: median(lines.map((l) => l.size)),
    };
  }

  /** Which of a page's band lines go (indices into its lines), once every page has been seen. */
  dropped(page: PageBand): Set<number> {
    const threshold = Math.max(2, Math.min(3, Math.ceil(this.pages / 4)));
    const numbers = page.lines.filter((l) => PAGE_NUMBER.test(l.text));
    const drop = (line: Line, key: string): boolean => {
      if (PAGE_NUMBER.test(line.text)) return true;
      // A running head that names the current section ("3.3 Faust Primitives") repeats a heading and shares its row
      // with the page number.
      if (
        page.index > 0 &&
        this.bodyKeys.has(runningKey(line.text)) &&
        numbers.some((n) => Math.abs(n.top - line.top) < 2)
      )
        return true;
      const repeated = (this.pagesWith.get(key)?.size ?? 0) >= threshold;
      return repeated && (page.index > 0 || line.size <= page.body * 1.15);
    };
    return new Set(page.at.filter((_, k) => drop(page.lines[k]!, page.keys[k]!)));
  }
}

/**
 * A page's lines without the dropped ones; a block cut off at its top by a removed line starts where the first kept
 * line is (and so does the page's first line).
 */
export function keptLines(lines: readonly Line[], dropped: ReadonlySet<number>): Line[] {
  const kept: Line[] = [];
  lines.forEach((line, i) => {
    if (dropped.has(i)) return;
    if (kept.length === 0 || dropped.has(i - 1)) line.blockStart = true;
    kept.push(line);
  });
  return kept;
}
