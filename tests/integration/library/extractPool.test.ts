/**
 * The extraction worker pool on real files: specific errors for bad input,
 * progress, cancellation and the time box (both end the worker, and the pool
 * goes on with a fresh one), and OCR of the corpus's scanned paper.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../../../electron/core/library/extract/extractionPool.js';
import { ExtractionError, type ExtractionProgress } from '../../../electron/core/library/types.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const available = fs.existsSync(corpus);
if (!available) console.warn('PDF extraction pool tests skipped: ../shared/corpus is not available.');
const hasQpdf = ((): boolean => {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const pools: ExtractionPool[] = [];
function pool(options: ConstructorParameters<typeof ExtractionPool>[0] = {}): ExtractionPool {
  const p = new ExtractionPool(options);
  pools.push(p);
  return p;
}
afterAll(async () => {
  for (const p of pools) await p.close();
});

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

/** A PDF of `copies` × tracemonkey.pdf (14 pages each). */
function longPdf(copies: number): string {
  const file = path.join(tempDir(), `long-${copies}.pdf`);
  const source = path.join(corpus, 'tracemonkey.pdf');
  execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: copies }, () => source), '--', file]);
  return file;
}

/** One blank page: a valid PDF with no text at all. */
function blankPdf(): string {
  const dir = tempDir();
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  fs.writeFileSync(path.join(dir, 'blank.pdf'), body);
  return path.join(dir, 'blank.pdf');
}

describe.skipIf(!available)('the PDF extraction pool', () => {
  it('extracts in worker threads, reporting progress page by page', async () => {
    const extractor = pool({ ocrPages: 0 });
    expect(extractor.concurrency).toBeGreaterThanOrEqual(1);
    const progress: ExtractionProgress[] = [];
    const doc = await extractor.extract(path.join(corpus, 'loudness-meter.pdf'), {
      onProgress: (p) => progress.push(p),
    });
    expect(doc.pageCount).toBe(6);
    expect(doc.metadata.title).toBe('Loudness measurement according to EBU R-128');
    expect(progress.map((p) => `${p.stage}${p.page}/${p.pages}`)).toEqual([
      'open0/0',
      'text1/6',
      'text2/6',
      'text3/6',
      'text4/6',
      'text5/6',
      'text6/6',
      'structure6/6',
    ]);
  });

  it.skipIf(!hasQpdf)(
    'names what is wrong with encrypted, truncated, fake, empty, missing and text-less files',
    async () => {
      const extractor = pool({ ocrPages: 0 });
      const dir = tempDir();
      const file = (name: string): string => path.join(dir, name);
      execFileSync('qpdf', [
        '--encrypt',
        'user-pw',
        'owner-pw',
        '256',
        '--',
        path.join(corpus, 'tb87nemeth.pdf'),
        file('encrypted.pdf'),
      ]);
      const bytes = fs.readFileSync(path.join(corpus, 'tracemonkey.pdf'));
      fs.writeFileSync(file('truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      fs.writeFileSync(file('fake.pdf'), '<html><body>Not a paper</body></html>\n');
      fs.writeFileSync(file('empty.pdf'), '');
      fs.mkdirSync(file('folder.pdf'));
      const cases: [string, string, RegExp][] = [
        ['encrypted.pdf', 'ENCRYPTED', /needs a password/],
        ['truncated.pdf', 'CORRUPT', /damaged or truncated/],
        ['fake.pdf', 'NOT_PDF', /not a PDF/],
        ['empty.pdf', 'EMPTY', /empty \(0 bytes\)/],
        ['gone.pdf', 'MISSING', /no longer there/],
        ['folder.pdf', 'UNREADABLE', /not a regular file/],
      ];
      for (const [name, code, message] of cases) {
        const error = await failure(extractor.extract(file(name)));
        expect([name, error.code]).toEqual([name, code]);
        expect(error.message).toMatch(message);
      }
      // A scanned paper with OCR turned off has no text to give.
      const scan = await failure(
        extractor.extract(path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf')),
      );
      expect(scan.code).toBe('EMPTY');
      expect(scan.message).toMatch(/no text layer and OCR is off/);
      // The pool still works after all of that.
      expect((await extractor.extract(path.join(corpus, 'tb87nemeth.pdf'))).pageCount).toBe(6);
    },
  );

  it.skipIf(!hasQpdf)('cancels a running extraction at once, and one waiting for a worker, then goes on', async () => {
    const extractor = pool({ workers: 1, ocrPages: 0 });
    const long = longPdf(30);
    const running = new AbortController();
    const queued = new AbortController();
    let pagesSeen = 0;
    const first = extractor.extract(long, {
      signal: running.signal,
      onProgress: (p) => {
        pagesSeen = p.page;
        if (p.stage === 'text' && p.page === 20) running.abort();
      },
    });
    const second = extractor.extract(path.join(corpus, 'tb87nemeth.pdf'), { signal: queued.signal });
    queued.abort();
    const waiting = await failure(second);
    expect(waiting.code).toBe('CANCELLED');
    const started = Date.now();
    const stopped = await failure(first);
    expect(stopped.code).toBe('CANCELLED');
    expect(pagesSeen).toBeLessThan(30 * 14);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The terminated worker is replaced for the next file.
    expect((await extractor.extract(path.join(corpus, 'tb87nemeth.pdf'))).pageCount).toBe(6);
  });

  it('stops a file that overruns its time box with TIMEOUT', async () => {
    const extractor = pool({ workers: 1, ocrPages: 0, timeoutMs: 1, pageTimeoutMs: 0 });
    const error = await failure(extractor.extract(path.join(corpus, 'tracemonkey.pdf')));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/took longer than/);
  });

  it('stops OCR of a file once its OCR time is spent, keeping the later scanned pages empty with a warning', async () => {
    const extractor = pool({ workers: 1, ocrPages: 100, ocrTimeMs: 1 });
    const doc = await extractor.extract(path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf'));
    expect(doc.pages.map((p) => p.ocr)).toEqual([true, false, false, false, false, false]);
    expect(doc.pages[0]!.text).toMatch(/masking/);
    expect(doc.warnings.filter((w) => w.includes('the OCR time limit of 1 ms per file was reached'))).toHaveLength(5);
    await extractor.close();
  }, 120_000);

  it('recognises a scanned page with OCR (local English data), marking its page and passages', async () => {
    // Flax 2000 is a scan without a text layer; one page keeps the test short on two cores.
    const extractor = pool({ workers: 1, ocrPages: 1 });
    const stages: string[] = [];
    const doc = await extractor.extract(path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf'), {
      onProgress: (p) => stages.push(p.stage),
    });
    expect(stages).toContain('ocr');
    const first = doc.pages[0]!;
    expect(first.ocr).toBe(true);
    expect(first.text).toMatch(/IMPROVED AUDITORY MASKING MODELS/i);
    expect(first.text).toMatch(/masking/);
    expect(first.text).toMatch(/auditory/);
    expect(first.text.split(/\s+/).length).toBeGreaterThan(300);
    expect(doc.pages.slice(1).every((p) => !p.ocr && p.text === '')).toBe(true);
    expect(doc.warnings.filter((w) => /OCR limit/.test(w))).toHaveLength(5);
    const onFirst = doc.passages.filter((p) => p.spans[0]?.page === 1);
    expect(onFirst.length).toBeGreaterThan(1);
    expect(onFirst.every((p) => p.ocr && p.boxes.length > 0)).toBe(true);
    expect(doc.passages.some((p) => p.kind === 'abstract' && /masking models/i.test(p.text))).toBe(true);
    // The metadata of a scan comes from its recognised first page, author marks ("Flax *", "Holmes +") set apart, its
    // title in capitals put in title case; the year is the one its conference footer's tag prints ("SST-2000: 8°
    // Aust. Int. Conf. Speech Sci. & Tech."), not the scan's 2008.
    expect(doc.metadata).toMatchObject({
      title: 'Improved Auditory Masking Models',
      authors: ['M. R. Flax', 'E. Ambikairajah', 'W. H. Holmes', 'J. S. Jin'],
      year: 2000,
      itemType: 'conference-paper',
      venue: expect.stringMatching(/^SST-2000: 8\S Aust\. Int\. Conf\. Speech Sci\. & Tech\.$/),
    });
    expect(doc.metadata.sources).toMatchObject({ title: 'layout', authors: 'layout' });
    // A page with nothing on it, text layer or ink: EMPTY, after OCR found nothing.
    const blank = await failure(extractor.extract(blankPdf()));
    expect(blank.code).toBe('EMPTY');
    expect(blank.message).toMatch(/OCR recognised nothing/);
  }, 120_000);
});
