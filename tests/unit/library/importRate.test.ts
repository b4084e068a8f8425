/**
 * An import's pages/s and time remaining: pages with a text layer and pages read by OCR are counted apart, each at
 * its own measured cost, and nothing is promised before enough has been measured.
 */
import { describe, expect, it } from 'vitest';
import { ImportRate } from '../../../electron/core/library/import/importRate.js';
import type { PageCosts } from '../../../electron/core/library/types.js';

const read = (costs: Partial<PageCosts>): PageCosts => ({
  textPages: 0,
  textMs: 0,
  ocrStarted: 0,
  ocrPages: 0,
  ocrMs: 0,
  ...costs,
});

describe('the rate of an import', () => {
  it('says nothing about time left before a few pages are read', () => {
    let now = 0;
    const rate = new ImportRate(4, 2, () => now);
    rate.open('a.pdf');
    now = 500;
    rate.progress('a.pdf', { stage: 'text', page: 2, pages: 10, read: read({ textPages: 1, textMs: 100 }) });
    expect(rate.rate()).toEqual({ unit: 'pages', done: 1, perSecond: null, ocr: null, remainingSeconds: null });
  });

  it('estimates text pages by their cost per worker, and files not opened yet like those read so far', () => {
    let now = 0;
    const rate = new ImportRate(3, 2, () => now);
    rate.open('a.pdf');
    now = 5_000;
    // 10 of 20 pages read at 100 ms each: 1 s of one worker's time, in 5 s of the import.
    rate.progress('a.pdf', { stage: 'text', page: 11, pages: 20, read: read({ textPages: 10, textMs: 1_000 }) });
    const { done, perSecond, ocr, remainingSeconds } = rate.rate();
    expect(done).toBe(10);
    expect(perSecond).toBeCloseTo(2);
    expect(ocr).toBeNull();
    // Left: 10 pages of a.pdf and 2 files of ~20 pages: 50 pages × 100 ms / 2 workers = 2.5 s, times the 10× that the
    // import took beyond its pages' cost so far (clamped to 4×).
    expect(remainingSeconds).toBeCloseTo(2.5 * 4);
  });

  it('counts OCR pages apart, at their own cost, in the share of scans seen so far', () => {
    let now = 0;
    const rate = new ImportRate(2, 1, () => now);
    rate.open('scan.pdf');
    now = 30_000;
    // 4 text pages (0.5 s) and 6 of 8 scanned ones read in 29.5 s.
    rate.progress('scan.pdf', {
      stage: 'recognized',
      page: 10,
      pages: 12,
      read: read({ textPages: 4, textMs: 500, ocrStarted: 6, ocrPages: 6, ocrMs: 29_500 }),
    });
    const { done, ocr, remainingSeconds } = rate.rate();
    expect(done).toBe(10);
    expect(ocr?.done).toBe(6);
    expect(ocr?.perSecond).toBeCloseTo(6 / 29.5);
    // Left in scan.pdf: 2 pages, scanned in its own share (6 of 10): 1.2 OCR pages and 0.8 text pages. The next file
    // (12 pages, 40 % text) adds 7.2 OCR and 4.8 text pages.
    const ocrCost = 29_500 / 6;
    const textCost = 500 / 4;
    const expected = (8.4 * ocrCost + 5.6 * textCost) / 1000;
    expect(remainingSeconds).toBeCloseTo(expected, 1);
  });

  it('has no estimate while OCR has started but read no page yet', () => {
    let now = 0;
    const rate = new ImportRate(0, 1, () => now);
    rate.open('scan.pdf');
    now = 10_000;
    rate.progress('scan.pdf', {
      stage: 'ocr',
      page: 4,
      pages: 6,
      read: read({ textPages: 3, textMs: 300, ocrStarted: 1, ocrMs: 4_000 }),
    });
    expect(rate.rate().remainingSeconds).toBeNull();
    expect(rate.rate().ocr).toEqual({ done: 0, perSecond: null });
  });
});
