/**
 * PDF extraction speed on the corpus (../shared/corpus): pages per second
 * through the extraction pool (worker threads, one per physical core: text,
 * layout, sections, passages, metadata) against `pdftotext` (poppler) on the
 * same files with the same parallelism, as a ratio from one run; and OCR
 * pages per second on the scanned paper. Writes bench/results/extract.md and .json.
 *
 *   npx tsx bench/extract.bench.ts
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExtractionPool } from '../electron/core/library/extract/extractionPool.js';
import { ExtractionError } from '../electron/core/library/types.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(root, '../shared/corpus');
const results = path.join(root, 'bench', 'results');
const SCANNED = 'Flax.2000.Improved.Auditory.Masking.Models.pdf';

/** Runs `work` over `items`, `concurrency` at a time. */
async function each<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
}

const files = fs
  .readdirSync(corpus)
  .filter((f) => f.endsWith('.pdf') && f !== SCANNED)
  .sort()
  .map((f) => path.join(corpus, f));

// Scholium: the pool the app uses (OCR off: every file here has a text layer).
const pool = new ExtractionPool({ ocrPages: 0 });
const workers = pool.concurrency;
let pages = 0;
let passages = 0;
const failed: string[] = [];
let started = Date.now();
await each(files, workers, async (file) => {
  try {
    const doc = await pool.extract(file);
    pages += doc.pageCount;
    passages += doc.passages.length;
  } catch (error) {
    failed.push(`${path.basename(file)}: ${error instanceof ExtractionError ? error.code : (error as Error).message}`);
  }
});
const scholiumSeconds = (Date.now() - started) / 1000;
await pool.close();

// pdftotext on the same files, as many at once as the pool has workers.
const popplerPages = (await Promise.all(files.map(pdfPages))).reduce((a, b) => a + b, 0);
started = Date.now();
await each(files, workers, async (file) => {
  await run('pdftotext', ['-q', file, '-'], { maxBuffer: 256 * 2 ** 20 });
});
const popplerSeconds = (Date.now() - started) / 1000;

// OCR: the scanned paper, every page recognised (one worker: Tesseract uses the core it runs on).
const ocrPool = new ExtractionPool({ workers: 1 });
started = Date.now();
const scan = await ocrPool.extract(path.join(corpus, SCANNED));
const ocrSeconds = (Date.now() - started) / 1000;
await ocrPool.close();
const ocrWords = scan.pages.reduce((n, p) => n + p.text.split(/\s+/).filter(Boolean).length, 0);

const report = {
  machine: `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
  date: new Date().toISOString(),
  workers,
  textLayer: {
    files: files.length,
    failed,
    scholium: { pages, passages, seconds: scholiumSeconds, pagesPerSecond: pages / scholiumSeconds },
    pdftotext: { pages: popplerPages, seconds: popplerSeconds, pagesPerSecond: popplerPages / popplerSeconds },
    ratio: pages / scholiumSeconds / (popplerPages / popplerSeconds),
  },
  ocr: {
    file: SCANNED,
    pages: scan.pageCount,
    words: ocrWords,
    seconds: ocrSeconds,
    pagesPerSecond: scan.pageCount / ocrSeconds,
  },
};
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(path.join(results, 'extract.json'), `${JSON.stringify(report, null, 2)}\n`);
const t = report.textLayer;
const table = [
  '| extractor | files | pages | seconds | pages/s |',
  '|---|---|---|---|---|',
  `| Scholium pool (${workers} worker${workers === 1 ? '' : 's'}: text, layout, sections, passages, metadata) | ${t.files} | ${t.scholium.pages} | ${t.scholium.seconds.toFixed(1)} | ${t.scholium.pagesPerSecond.toFixed(1)} |`,
  `| pdftotext (${workers} at a time) | ${t.files} | ${t.pdftotext.pages} | ${t.pdftotext.seconds.toFixed(1)} | ${t.pdftotext.pagesPerSecond.toFixed(1)} |`,
  `| Scholium OCR (${SCANNED}, Tesseract, 1 worker) | 1 | ${report.ocr.pages} | ${report.ocr.seconds.toFixed(1)} | ${report.ocr.pagesPerSecond.toFixed(2)} |`,
];
fs.writeFileSync(
  path.join(results, 'extract.md'),
  `# Extraction benchmark\n\n${report.machine}; corpus: ../shared/corpus (${files.length} PDFs with a text layer, and the scanned one for OCR).\n\n${table.join('\n')}\n\n` +
    `Scholium runs at **${t.ratio.toFixed(2)}×** pdftotext's pages/s on the same files with the same parallelism (pdftotext only dumps text; ` +
    `Scholium also finds reading order, sections, passages with boxes and metadata, and starts its worker threads within the timing). ` +
    `${t.failed.length === 0 ? 'No file failed.' : `Failed: ${t.failed.join('; ')}.`} OCR recognised ${report.ocr.words} words on the scanned paper.\n`,
);
process.stdout.write(`${table.join('\n')}\nratio ${t.ratio.toFixed(2)}\n`);
