/**
 * The corpus's scans read by OCR (real Tesseract, English data on disk) through the extraction pool: what OCR reads off
 * figures, tables and specks stays out of the text and passages, the text is structured like any other paper's, and
 * every word is kept with its box for the Reader's text layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../../../electron/core/library/extract/extractionPool.js';
import type { ExtractedDocument } from '../../../electron/core/library/types.js';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const available = fs.existsSync(corpus);
if (!available) console.warn('OCR tests skipped: ../shared/corpus is not available.');

const flat = (text: string): string => text.replace(/\s+/g, ' ');
let flax: ExtractedDocument;
let tam: ExtractedDocument;
const pool = new ExtractionPool({ workers: 1, ocrPages: 6 });

beforeAll(async () => {
  if (!available) return;
  flax = await pool.extract(path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf'));
  // TAMReview's pages 2 and 3 (its first two scanned ones) hold its first diagrams.
  tam = await new ExtractionPool({ workers: 1, ocrPages: 2 }).extract(path.join(corpus, 'TAMReview.pdf'));
}, 600_000);
afterAll(() => pool.close());

describe.skipIf(!available)('scanned papers read by OCR', () => {
  it('leaves out what OCR read off plots, diagrams, tables and specks in the margin, and keeps the prose', () => {
    const text = (doc: ExtractedDocument): string => flat(doc.pages.map((p) => p.text).join(' '));
    const passages = (doc: ExtractedDocument): string => flat(doc.passages.map((p) => p.text).join(' '));
    // Plot titles and axis labels of Flax's figures 1–3 ("…for a thrity five fitter PFE.", "Proquency (He)"), the cells
    // of its tables 1, 2, 4 and 5, and TAMReview's diagram boxes ("System Features", "User Motivation") and the specks
    // its scan has in the right margin ("…the Theory of Lo)").
    const noise = [
      'thrity five',
      'Proquency',
      'NARPRA',
      'Bosrenda',
      '0/22',
      'Frame 7',
      'Tehmar',
      'Hearing Researchers',
    ];
    for (const bit of noise) {
      expect(text(flax), bit).not.toContain(bit);
      expect(passages(flax), bit).not.toContain(bit);
    }
    for (const bit of ['System Features', 'User Motivation', 'Stimulus organism', 'Theory of Lo)', 'Lo) Reasoned']) {
      expect(text(tam), bit).not.toContain(bit);
      expect(passages(tam), bit).not.toContain(bit);
    }
    // The prose around them, captions included, is all there.
    expect(text(flax)).toContain(
      'It is important to note that hybrid models ii and iii are independent of cochlea mapping functions',
    );
    expect(text(flax)).toContain('Figure 1: Comparison of masking models for a frame of female speech.');
    expect(text(flax)).toContain('Table 5: Informal listening test results.');
    // Its author line, marks and initials and all.
    expect(text(flax)).toContain('M. R. Flax *, E. Ambikairajah +, W. H. Holmes +, J. S. Jin *');
    expect(text(tam)).toContain('who formulated the Theory of Reasoned Action, and other related research studies');
  });

  it('structures OCR text like any other page: running footers gone, numbered sections, references set apart', () => {
    expect(flax.pages.map((p) => p.ocr)).toEqual([true, true, true, true, true, true]);
    // "SST-2000: 8° Aust. Int. Conf. Speech Sci. & Tech. 244" closes every page, read a little differently on each.
    for (const page of flax.pages) expect(page.text, `page ${page.page}`).not.toMatch(/Aust\. Int\. Conf/);
    const sections = [
      ...new Set(flax.passages.filter((p) => p.kind !== 'caption').map((p) => `${p.kind}:${p.section}`)),
    ];
    expect(sections).toEqual(
      expect.arrayContaining([
        'abstract:Abstract',
        'body:1 INTRODUCTION',
        'body:2 PROPOSED HYBRID MASKING MODEL',
        'body:3 RESULTS AND DISCUSSION',
        'body:4 CONCLUSIONS',
        'references:References',
      ]),
    );
    const references = flat(
      flax.passages
        .filter((p) => p.kind === 'references')
        .map((p) => p.text)
        .join(' '),
    );
    expect(references).toContain('Beerends J.G., Stemerdink J.A. (1992)');
    expect(flax.passages.filter((p) => p.kind === 'body').some((p) => p.text.includes('Stemerdink J.A. (1992)'))).toBe(
      false,
    );
    // Captions are passages of their own, as on a text-layer page.
    expect(flax.passages.some((p) => p.kind === 'caption' && p.text.startsWith('Figure 2: Left:'))).toBe(true);
  });

  it('keeps each word OCR read with its box on the page, for the Reader’s text layer', () => {
    for (const page of [...flax.pages, ...tam.pages.filter((p) => p.ocr)]) {
      const lines = page.ocrLines ?? [];
      expect(lines.length, `page ${page.page}`).toBeGreaterThan(10);
      for (const line of lines) {
        expect(line.top).toBeLessThan(line.bottom);
        for (const word of line.words) {
          expect(word.x0 >= 0 && word.x0 < word.x1 && word.x1 <= page.width + 1, JSON.stringify(word)).toBe(true);
          expect(word.text.trim()).not.toBe('');
        }
      }
      // The words are the page's text, in the same order (compared on letters and digits: the page's text joins words
      // hyphenated at a line's end).
      const compact = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      const words = compact(lines.flatMap((l) => l.words.map((w) => w.text)).join(' '));
      expect(words, `page ${page.page}`).toContain(compact(page.text).slice(200, 300));
    }
    // Pages with a text layer need none.
    expect(tam.pages[0]!.ocrLines).toBeUndefined();
  });
});
