/**
 * One timed import into a fresh library, as the app runs it (extraction pool,
 * import job, embedding stage): shared by import.bench.ts and large-pdf.bench.ts.
 * Run each in a process of its own: peak RSS then belongs to that import alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { pdfExtractor } from '../electron/core/library/extract/pdfExtractor.js';
import { LibraryService } from '../electron/core/library/service.js';
import type { Embedder } from '../electron/core/models/embedder.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { DATABASE_FILE, openLibraryDatabase } from '../electron/core/db/database.js';

export interface ImportRun {
  embeddingModel: string | null;
  papers: number;
  pages: number;
  passages: number;
  failed: string[];
  importSeconds: number;
  embedSeconds: number;
  /** Pages per second from files on disk to committed (and, with a model, embedded) papers. */
  pagesPerSecond: number;
  /** RSS before the import started, and its peak during it (worker threads share the process, so they count). */
  startRssMiB: number;
  peakRssMiB: number;
  databaseMiB: number;
}

export function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/**
 * Imports `paths` into a new library (embedding every passage too when `embedderFile` is given) and measures it.
 * `maxHeapMb` caps each extraction worker's heap (the pool's default otherwise).
 */
export async function importOnce(
  paths: readonly string[],
  embedderFile: string | null,
  maxHeapMb?: number,
): Promise<ImportRun> {
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
  const library = new LibraryService(context, {
    extractor: (chunking) => pdfExtractor({ chunking, ...(maxHeapMb === undefined ? {} : { maxHeapMb }) }),
    embedder: () => embedder,
  });
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const started = Date.now();
    const job = library.importPaths([...paths]);
    await jobs.wait(job.jobId);
    const imported = Date.now();
    const embedding = library.embedding.status().jobId;
    if (embedding !== null) await jobs.wait(embedding);
    const ended = Date.now();
    peak = Math.max(peak, process.memoryUsage().rss);
    const report = library.imports.report(job.jobId);
    const pages = report.imported.reduce((n, i) => n + i.pages, 0);
    // Everything into the database file, so its size is the library's.
    database.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      embeddingModel: embedderFile === null ? null : path.basename(embedderFile),
      papers: report.imported.length,
      pages,
      passages: report.imported.reduce((n, i) => n + i.passages, 0),
      failed: report.failed.map((f) => `${path.basename(f.file)}: ${f.code}`),
      importSeconds: (imported - started) / 1000,
      embedSeconds: (ended - imported) / 1000,
      pagesPerSecond: pages / ((ended - started) / 1000),
      startRssMiB: startRss / 2 ** 20,
      peakRssMiB: peak / 2 ** 20,
      databaseMiB: fs.statSync(path.join(dir, DATABASE_FILE)).size / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    await jobs.shutdown();
    await library.close();
    await models?.close();
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function machine(): string {
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`;
}
