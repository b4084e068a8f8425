/**
 * A very large PDF: tracemonkey.pdf (14 pages) repeated by qpdf up to
 * --pages (default 3,000), imported end to end (FTS only). Reports pages/s
 * and the peak RSS against the RSS before the import, which must stay
 * bounded: pages are read one at a time and released, and pdf.js's caches
 * are dropped every 50 pages. --heap-mb caps the extraction worker's heap
 * (default: the pool's, 4,096 MiB): a run that passes under a small cap shows how little
 * of the peak is live memory. Writes bench/results/large-pdf.md and .json.
 *
 *   npx tsx bench/large-pdf.bench.ts [--pages N] [--heap-mb N]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_HEAP_MB } from '../electron/core/library/extract/extractionPool.js';
import { argument, importOnce, machine } from './importRun.js';

const root = path.resolve(import.meta.dirname, '..');
const source = path.resolve(root, '../shared/corpus/tracemonkey.pdf');
const results = path.join(root, 'bench', 'results');
const copies = Math.max(1, Math.ceil(Number(argument('--pages') ?? 3000) / 14));
const heapMb = Number(argument('--heap-mb') ?? DEFAULT_MAX_HEAP_MB);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-large-'));
const file = path.join(dir, `large-${copies * 14}.pdf`);
try {
  execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: copies }, () => source), '--', file]);
  const sizeMiB = fs.statSync(file).size / 2 ** 20;
  const run = await importOnce([file], null, heapMb);
  if (run.papers !== 1 || run.pages !== copies * 14)
    throw new Error(`the large PDF did not import whole: ${JSON.stringify(run)}`);
  const growth = run.peakRssMiB - run.startRssMiB;
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(
    path.join(results, 'large-pdf.json'),
    `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), fileMiB: sizeMiB, ...run, workerHeapMb: heapMb, rssGrowthMiB: growth }, null, 2)}\n`,
  );
  const table = [
    '| pages | file MiB | passages | import s | pages/s | RSS before MiB | peak RSS MiB | growth MiB | database MiB |',
    '|---|---|---|---|---|---|---|---|---|',
    `| ${run.pages} | ${sizeMiB.toFixed(1)} | ${run.passages} | ${run.importSeconds.toFixed(1)} | ${run.pagesPerSecond.toFixed(1)} | ${run.startRssMiB.toFixed(0)} | ${run.peakRssMiB.toFixed(0)} | ${growth.toFixed(0)} | ${run.databaseMiB.toFixed(1)} |`,
  ];
  fs.writeFileSync(
    path.join(results, 'large-pdf.md'),
    `# Large PDF benchmark\n\n${machine()}; one PDF of ${run.pages} pages (tracemonkey.pdf × ${copies}, joined by qpdf), imported end to end without an embedding model, the extraction worker's heap capped at ${heapMb} MiB.\n\n${table.join('\n')}\n\n` +
      'Peak RSS covers the whole process, its extraction worker thread included (run from sources under tsx, which costs each worker ~300 MiB).\n',
  );
  process.stdout.write(`${table.join('\n')}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
