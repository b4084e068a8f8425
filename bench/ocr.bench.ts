/**
 * OCR on the corpus's scans (the Flax paper, and TAMReview's pages whose fonts have no character map), side by side
 * in one run: the extraction pool as the app runs it (one worker per physical core; the native `tesseract` when
 * installed), the same pool with tesseract.js (the fallback), and Debian's native `tesseract` on its own — each page
 * rendered by pdftoppm at 300 dpi in grey and read by one single-threaded process, as many at once as the pool has
 * workers. Reports OCR pages/s of each and the ratio to native, and word accuracy against native's output (the words
 * of each page Scholium kept that native read too, and the share of native's words that Scholium kept; Scholium
 * leaves out what OCR reads off figures and tables, which lowers the second). Writes bench/results/ocr.md and .json.
 *
 *   npx tsx bench/ocr.bench.ts
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExtractionPool } from '../electron/core/library/extract/extractionPool.js';
import { nativeTesseract } from '../electron/core/library/extract/nativeTesseract.js';
import type { ExtractedDocument } from '../electron/core/library/types.js';
import { machine } from './importRun.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(root, '../shared/corpus');
const results = path.join(root, 'bench', 'results');
const FILES = ['Flax.2000.Improved.Auditory.Masking.Models.pdf', 'TAMReview.pdf'].map((f) => path.join(corpus, f));

/** Runs `work` over `items`, `concurrency` at a time. */
async function each<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const words = (text: string): string[] =>
  text
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);

/** Words of `hyp` found in `ref`, each reference word matched once. */
function shared(ref: readonly string[], hyp: readonly string[]): number {
  const pool = new Map<string, number>();
  for (const w of ref) pool.set(w, (pool.get(w) ?? 0) + 1);
  let hits = 0;
  for (const w of hyp) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      hits += 1;
      pool.set(w, n - 1);
    }
  }
  return hits;
}

interface PoolRun {
  engine: string;
  seconds: number;
  ocrPages: number;
  pagesPerSecond: number;
  /** The OCR pages' text, by "file#page". */
  texts: Map<string, string>;
}

async function poolRun(tesseract: string | null): Promise<PoolRun> {
  const pool = new ExtractionPool({ tesseract });
  const docs: [string, ExtractedDocument][] = [];
  const started = performance.now();
  await each(FILES, pool.concurrency, async (file) => {
    docs.push([file, await pool.extract(file)]);
  });
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const texts = new Map<string, string>();
  for (const [file, doc] of docs)
    for (const page of doc.pages) if (page.ocr) texts.set(`${file}#${page.page}`, page.text);
  const engine = tesseract === null ? 'tesseract.js' : ((await nativeTesseract(tesseract))?.name ?? 'tesseract.js');
  return { engine, seconds, ocrPages: texts.size, pagesPerSecond: texts.size / seconds, texts };
}

const workers = new ExtractionPool().concurrency;
const app = await poolRun('tesseract');

// Native: the pages the pool read by OCR, rendered by pdftoppm and read by tesseract, one thread per process.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-ocr-'));
const nativeTexts = new Map<string, string>();
let renderMs = 0;
const started = performance.now();
await each([...app.texts.keys()], workers, async (key) => {
  const [file, page] = key.split('#') as [string, string];
  const base = path.join(dir, `${path.basename(file)}-${page}`);
  const t = performance.now();
  await run('pdftoppm', ['-r', '300', '-gray', '-f', page, '-l', page, '-singlefile', file, base]);
  renderMs += performance.now() - t;
  const { stdout } = await run('tesseract', [`${base}.pgm`, 'stdout'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    maxBuffer: 64 * 2 ** 20,
  });
  nativeTexts.set(key, stdout);
});
const nativeSeconds = (performance.now() - started) / 1000;
fs.rmSync(dir, { recursive: true, force: true });
const nativePagesPerSecond = nativeTexts.size / nativeSeconds;
// The fallback last: native's run sits right after the app's, which it is compared with.
const fallback = await poolRun(null);

function accuracy(texts: Map<string, string>): { precision: number; recall: number; words: number } {
  let hits = 0;
  let hyp = 0;
  let ref = 0;
  for (const [key, reference] of nativeTexts) {
    const r = words(reference);
    const h = words(texts.get(key) ?? '');
    hits += shared(r, h);
    hyp += h.length;
    ref += r.length;
  }
  return { precision: hits / Math.max(1, hyp), recall: hits / Math.max(1, ref), words: hyp };
}

const rows = [app, fallback].map((r) => ({
  engine: r.engine,
  ocrPages: r.ocrPages,
  seconds: r.seconds,
  pagesPerSecond: r.pagesPerSecond,
  ratio: r.pagesPerSecond / nativePagesPerSecond,
  ...accuracy(r.texts),
}));
const report = {
  machine: machine(),
  date: new Date().toISOString(),
  workers,
  files: FILES.map((f) => path.basename(f)),
  native: {
    pages: nativeTexts.size,
    seconds: nativeSeconds,
    renderSeconds: renderMs / 1000,
    pagesPerSecond: nativePagesPerSecond,
    words: [...nativeTexts.values()].reduce((n, t) => n + words(t).length, 0),
  },
  scholium: rows,
};
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(path.join(results, 'ocr.json'), `${JSON.stringify(report, null, 2)}\n`);
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
const table = [
  '| OCR | pages | seconds | pages/s | × native | words | kept words native read too | native words kept |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| Scholium pool (${workers} workers), ${r.engine} | ${r.ocrPages} | ${r.seconds.toFixed(1)} | ${r.pagesPerSecond.toFixed(2)} | **${r.ratio.toFixed(2)}×** | ${r.words} | ${pct(r.precision)} | ${pct(r.recall)} |`,
  ),
  `| native tesseract (pdftoppm 300 dpi grey, ${workers} single-thread processes) | ${report.native.pages} | ${nativeSeconds.toFixed(1)} | ${nativePagesPerSecond.toFixed(2)} | 1.00× | ${report.native.words} | — | — |`,
];
fs.writeFileSync(
  path.join(results, 'ocr.md'),
  `# OCR benchmark\n\n${machine()}; the scanned pages of ${report.files.join(' and ')} (every page the pool read by OCR), side by side in one run.\n\n${table.join('\n')}\n\n` +
    `Scholium's time is the whole extraction of both files (opening, rendering with pdf.js, OCR, layout, sections, passages, the text-layer pages of TAMReview); native's is pdftoppm's rendering (${(renderMs / 1000).toFixed(1)} s of it, summed over processes) and tesseract's reading. ` +
    "Word accuracy is measured against native's output: Scholium leaves out what OCR reads off figures, tables and specks, so it keeps fewer of native's words than it would with every line.\n",
);
process.stdout.write(`${table.join('\n')}\n`);
