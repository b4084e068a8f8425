/**
 * End-to-end import of the corpus's PDFs (../shared/corpus): pages per second
 * from files on disk to a committed, full-text-indexed library, without and
 * with an embedding model, and the peak RSS of each import (its extraction
 * worker threads included). Each run is a process of its own, so its peak
 * RSS is its own. Writes bench/results/import.md and .json.
 *
 *   npx tsx bench/import.bench.ts [--corpus DIR] [--embedding-model FILE.gguf]
 *
 * The embedding model is, in order: --embedding-model (or
 * SCHOLIUM_BENCH_EMBEDDING_MODEL), the cached all-MiniLM-L6-v2 of
 * `npm run models:fetch`, else the tests' tiny 64-dimensional GGUF (which
 * measures the embedding stage's overhead, not a real model's speed).
 * `--corpus DIR` imports that folder's PDFs instead (a quick check on a few files).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';
import { writeTinyLlama } from '../tests/fixtures/gguf/tinyModels.js';
import { argument, importOnce, machine, type ImportRun } from './importRun.js';

const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(argument('--corpus') ?? path.resolve(root, '../shared/corpus'));
const results = path.join(root, 'bench', 'results');
// The PDFs only: the corpus's README.md is not a paper.
const pdfs = fs
  .readdirSync(corpus)
  .filter((f) => f.toLowerCase().endsWith('.pdf'))
  .sort()
  .map((f) => path.join(corpus, f));

// A child run: one import, its figures as JSON on the last line of stdout.
const child = argument('--run');
if (child !== undefined) {
  const run = await importOnce(pdfs, child === 'fts' ? null : child);
  process.stdout.write(`\n${JSON.stringify(run)}\n`);
  process.exit(0);
}

function inChild(model: string | null): ImportRun {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [tsx, import.meta.filename, '--corpus', corpus, '--run', model ?? 'fts'];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0)
    throw new Error(`the import run (${model ?? 'FTS only'}) failed: exit ${run.status ?? run.signal}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ImportRun;
}

const given = argument('--embedding-model') ?? process.env.SCHOLIUM_BENCH_EMBEDDING_MODEL;
const tinyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-gguf-'));
const model = given ?? cachedModel('embedding').file ?? writeTinyLlama(path.join(tinyDir, 'tiny-embedder.gguf'));
const tiny = given === undefined && cachedModel('embedding').file === null;

const runs = [
  { label: 'FTS only (no embedding model)', ...inChild(null) },
  { label: 'with embedding model', ...inChild(model) },
];
fs.rmSync(tinyDir, { recursive: true, force: true });

fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(
  path.join(results, 'import.json'),
  `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), corpus: path.relative(root, corpus), runs }, null, 2)}\n`,
);
const table = [
  '| run | embedding model | papers | pages | passages | failed | import s | embed s | pages/s end to end | peak RSS MiB |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...runs.map(
    (r) =>
      `| ${r.label} | ${r.embeddingModel ?? '—'} | ${r.papers} | ${r.pages} | ${r.passages} | ${r.failed.length} | ${r.importSeconds.toFixed(1)} | ${r.embedSeconds.toFixed(1)} | ${r.pagesPerSecond.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} |`,
  ),
];
const failed = [...new Set(runs.flatMap((r) => r.failed))];
fs.writeFileSync(
  path.join(results, 'import.md'),
  `# Import benchmark\n\n${machine()}; ${pdfs.length} PDFs from ${path.relative(root, corpus)}, each run in a process of its own.\n\n${table.join('\n')}\n\n` +
    'End-to-end: from files on disk to papers committed with their pages, passages and full-text index (and, in the second run, every passage embedded); ' +
    'the OCR of pages without a readable text layer is included. ' +
    `${tiny ? 'The embedding run uses the tests’ tiny 64-dimensional GGUF (run `npm run models:fetch` for a real model), so it shows the embedding stage’s overhead, not a real model’s speed. ' : ''}` +
    `${failed.length === 0 ? 'No file failed.' : `Failed: ${failed.join('; ')}.`}\n`,
);
process.stdout.write(`${table.join('\n')}\n`);
