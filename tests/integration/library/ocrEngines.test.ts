/**
 * Which OCR engine reads a scan: the native `tesseract` when one is installed (with its English data), else
 * tesseract.js, which always works. Both read the corpus's scanned Flax paper as English; the pool reports its OCR
 * pages and their time as they are read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../../../electron/core/library/extract/extractPdf.js';
import { ExtractionPool } from '../../../electron/core/library/extract/extractionPool.js';
import { PageRecognizer } from '../../../electron/core/library/extract/ocr.js';
import { DEFAULT_CHUNKING, type ExtractionProgress } from '../../../electron/core/library/types.js';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const FLAX = path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf');
const available = fs.existsSync(FLAX);
if (!available) console.warn('OCR engine tests skipped: ../shared/corpus is not available.');

function nativeInstalled(): boolean {
  try {
    return /^eng$/m.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
}
const native = nativeInstalled();
if (!native) console.warn('Native tesseract tests skipped: no `tesseract` with English data is installed.');

/** Reads Flax's first page with `recognizer`, in this thread. */
async function firstPage(recognizer: PageRecognizer): Promise<string> {
  try {
    const doc = await extractPdf(FLAX, {
      chunking: DEFAULT_CHUNKING,
      maxBytes: 2 ** 30,
      ocrPages: 1,
      ocrTimeMs: 600_000,
      recognizer,
    });
    expect(doc.pages[0]!.ocr).toBe(true);
    return doc.pages[0]!.text.replace(/\s+/g, ' ');
  } finally {
    await recognizer.close();
  }
}

const pools: ExtractionPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe.skipIf(!available)('the OCR engine', () => {
  it.skipIf(!native)(
    'is the native tesseract when it is installed',
    async () => {
      const recognizer = new PageRecognizer();
      expect((await recognizer.ocrEngine()).name).toMatch(/^tesseract \d+\.\d+/);
      const text = await firstPage(recognizer);
      expect(text).toContain('IMPROVED AUDITORY MASKING MODELS');
      expect(text).toContain(
        'Hybrid masking models are defined and are informally judged to be improved masking models.',
      );
    },
    120_000,
  );

  it('is tesseract.js where no native tesseract can be found', async () => {
    const recognizer = new PageRecognizer({ tesseract: path.join(corpus, 'no-such-tesseract') });
    expect((await recognizer.ocrEngine()).name).toBe('tesseract.js');
    const text = await firstPage(recognizer);
    expect(text).toContain('IMPROVED AUDITORY MASKING MODELS');
    expect(text).toContain(
      'Hybrid masking models are defined and are informally judged to be improved masking models.',
    );
  }, 180_000);

  it('reports each scanned page as it is read, with the OCR pages and time so far', async () => {
    const pool = new ExtractionPool({ workers: 1, ocrPages: 2 });
    pools.push(pool);
    const progress: ExtractionProgress[] = [];
    const doc = await pool.extract(FLAX, { onProgress: (p) => progress.push(p) });
    expect(doc.pages.map((p) => p.ocr)).toEqual([true, true, false, false, false, false]);
    expect(progress.filter((p) => p.stage === 'recognized').map((p) => p.page)).toEqual([1, 2]);
    const last = progress.at(-1)!;
    expect(last.stage).toBe('structure');
    expect(last.read).toMatchObject({ textPages: 4, ocrStarted: 2, ocrPages: 2 });
    expect(last.read!.ocrMs).toBeGreaterThan(0);
  }, 180_000);
});
