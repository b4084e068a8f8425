/**
 * A very large PDF: tracemonkey.pdf (14 pages) repeated by qpdf up to
 * --pages (default 3,000), imported end to end (FTS only) by the app as it
 * ships: the compiled `scholium import` (built first), in a process of its
 * own, so its peak RSS (the kernel's high-water mark, VmHWM, worker threads
 * included) is the import's alone and no tsx loader weighs on it. Reports
 * pages/s and that peak, which must stay bounded: a document streams through
 * extraction a page at a time. Linux only (it reads /proc). Writes
 * bench/results/large-pdf.md and .json.
 *
 *   npx tsx bench/large-pdf.bench.ts [--pages N]
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE } from '../electron/core/db/database.js';
import { DEFAULT_MAX_HEAP_MB } from '../electron/core/library/extract/extractionPool.js';
import { argument, machine } from './importRun.js';

const root = path.resolve(import.meta.dirname, '..');
const source = path.resolve(root, '../shared/corpus/tracemonkey.pdf');
const results = path.join(root, 'bench', 'results');
const copies = Math.max(1, Math.ceil(Number(argument('--pages') ?? 3000) / 14));

/** The peak RSS of a process, in KiB, as the kernel keeps it (0 once it has gone). */
function highWaterKiB(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `scholium import FILE --json` into `library`, polling its peak RSS until it ends. */
function importWithCli(file: string, library: string): Promise<{ seconds: number; peakMiB: number; report: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'scholium.js'), 'import', file, '--library', library, '--create', '--json'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, highWaterKiB(child.pid!))), 20);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`scholium import exited with ${code}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak / 1024, report: out });
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-large-'));
const file = path.join(dir, `large-${copies * 14}.pdf`);
const library = path.join(dir, 'library');
try {
  execFileSync('npm', ['run', '-s', 'build:node'], { cwd: root, stdio: 'inherit' });
  execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: copies }, () => source), '--', file]);
  const sizeMiB = fs.statSync(file).size / 2 ** 20;
  const run = await importWithCli(file, library);
  const report = JSON.parse(run.report) as { imported: { pages: number; passages: number }[]; failed: unknown[] };
  const imported = report.imported[0];
  if (report.imported.length !== 1 || imported?.pages !== copies * 14)
    throw new Error(`the large PDF did not import whole: ${run.report}`);
  const databaseMiB = fs.statSync(path.join(library, DATABASE_FILE)).size / 2 ** 20;
  const figures = {
    pages: imported.pages,
    passages: imported.passages,
    fileMiB: sizeMiB,
    importSeconds: run.seconds,
    pagesPerSecond: imported.pages / run.seconds,
    peakRssMiB: run.peakMiB,
    databaseMiB,
    workerHeapMb: DEFAULT_MAX_HEAP_MB,
  };
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(
    path.join(results, 'large-pdf.json'),
    `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
  const table = [
    '| pages | file MiB | passages | import s | pages/s | peak RSS MiB | database MiB |',
    '|---|---|---|---|---|---|---|',
    `| ${figures.pages} | ${sizeMiB.toFixed(1)} | ${figures.passages} | ${run.seconds.toFixed(1)} | ${figures.pagesPerSecond.toFixed(1)} | ${run.peakMiB.toFixed(0)} | ${databaseMiB.toFixed(1)} |`,
  ];
  fs.writeFileSync(
    path.join(results, 'large-pdf.md'),
    `# Large PDF benchmark\n\n${machine()}; one PDF of ${figures.pages} pages (tracemonkey.pdf × ${copies}, joined by qpdf), imported end to end without an embedding model by the compiled \`scholium import\` (the extraction worker's heap capped at ${DEFAULT_MAX_HEAP_MB} MiB, the default).\n\n${table.join('\n')}\n\n` +
      'Peak RSS is the whole process’s high-water mark (VmHWM), its extraction worker thread included, the process started included (Node, the CLI, SQLite).\n',
  );
  process.stdout.write(`${table.join('\n')}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
