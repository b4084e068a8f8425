/**
 * End-to-end import of the whole corpus (../shared/corpus): pages per second
 * from files on disk to a committed, full-text-indexed library, without and
 * with an embedding model, and the peak RSS of the process (its extraction
 * worker threads included). Writes bench/results/import.md and .json.
 *
 *   npx tsx bench/import.bench.ts [--embedding-model <file.gguf>]
 *
 * Without --embedding-model (or SCHOLIUM_BENCH_EMBEDDING_MODEL) the "with
 * embedding" run uses the tiny GGUF the tests write (64-dimensional,
 * ~600 KB): it measures the embedding stage's own cost through llama.cpp,
 * not a production model's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { pdfExtractor } from '../electron/core/library/import/pdfExtractor.js';
import { LibraryService } from '../electron/core/library/service.js';
import type { Embedder } from '../electron/core/models/embedder.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { openLibraryDatabase } from '../electron/core/store/database.js';
import { writeTinyLlama } from '../tests/fixtures/gguf/tinyModels.js';

const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(root, '../shared/corpus');
const results = path.join(root, 'bench', 'results');

interface Run {
  label: string;
  embeddingModel: string | null;
  papers: number;
  pages: number;
  passages: number;
  failed: number;
  importSeconds: number;
  embedSeconds: number;
  pagesPerSecond: number;
  peakRssMiB: number;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** Samples RSS every 50 ms while `work` runs (worker threads share the process, so they are counted). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function importCorpus(label: string, embedderFile: string | null): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-'));
  const database = openLibraryDatabase(dir);
  const jobs = new JobManager(database.db);
  const context = { db: database.db, libraryDir: dir, jobs, mode: 'cli' as const };
  let models: ModelService | null = null;
  let embedder: Embedder | null = null;
  if (embedderFile !== null) {
    models = new ModelService(context);
    const call = { emit: () => undefined, signal: new AbortController().signal };
    const added = await models.handlers()['models.add']({ path: embedderFile, copy: false }, call);
    await models.handlers()['models.setDefault']({ role: 'embedding', modelId: added.modelId }, call);
    embedder = models.embedder();
  }
  const library = new LibraryService(context, { extractor: (chunking) => pdfExtractor({ chunking }), embedder: () => embedder });
  try {
    const { value, peak } = await withPeakRss(async () => {
      const started = Date.now();
      const job = library.importPaths([corpus]);
      await jobs.wait(job.jobId);
      const imported = Date.now();
      const embedding = library.embedding.status().jobId;
      if (embedding !== null) await jobs.wait(embedding);
      return { report: library.imports.report(job.jobId), importMs: imported - started, embedMs: Date.now() - imported };
    });
    const pages = value.report.imported.reduce((n, i) => n + i.pages, 0);
    return {
      label,
      embeddingModel: embedder === null ? null : path.basename(embedderFile!),
      papers: value.report.imported.length,
      pages,
      passages: value.report.imported.reduce((n, i) => n + i.passages, 0),
      failed: value.report.failed.length,
      importSeconds: value.importMs / 1000,
      embedSeconds: value.embedMs / 1000,
      pagesPerSecond: pages / ((value.importMs + value.embedMs) / 1000),
      peakRssMiB: peak / 2 ** 20,
    };
  } finally {
    await jobs.shutdown();
    await library.close();
    await models?.close();
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const given = argument('--embedding-model') ?? process.env.SCHOLIUM_BENCH_EMBEDDING_MODEL;
const tinyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-gguf-'));
const embeddingModel = given ?? writeTinyLlama(path.join(tinyDir, 'tiny-embedder.gguf'));

// Separate processes would isolate peak RSS better; one process keeps the run short and the numbers comparable to the app's.
const runs = [await importCorpus('FTS only (no embedding model)', null), await importCorpus('with embedding model', embeddingModel)];
fs.rmSync(tinyDir, { recursive: true, force: true });

fs.mkdirSync(results, { recursive: true });
const machine = `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`;
fs.writeFileSync(path.join(results, 'import.json'), `${JSON.stringify({ machine, date: new Date().toISOString(), runs }, null, 2)}\n`);
const table = [
  '| run | embedding model | papers | pages | passages | failed | import s | embed s | pages/s end to end | peak RSS MiB |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...runs.map(
    (r) =>
      `| ${r.label} | ${r.embeddingModel ?? '—'} | ${r.papers} | ${r.pages} | ${r.passages} | ${r.failed} | ${r.importSeconds.toFixed(1)} | ${r.embedSeconds.toFixed(1)} | ${r.pagesPerSecond.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} |`,
  ),
];
fs.writeFileSync(
  path.join(results, 'import.md'),
  `# Import benchmark\n\n${machine}; corpus: ../shared/corpus (${fs.readdirSync(corpus).filter((f) => f.endsWith('.pdf')).length} PDFs).\n\n${table.join('\n')}\n\n` +
    `End-to-end: from files on disk to papers committed with their pages, passages and full-text index (and, in the second run, every passage embedded).` +
    `${given === undefined ? ' The embedding run uses the tests’ tiny 64-dimensional GGUF, so it shows the embedding stage’s overhead, not a real model’s speed.' : ''}\n`,
);
process.stdout.write(`${table.join('\n')}\n`);
