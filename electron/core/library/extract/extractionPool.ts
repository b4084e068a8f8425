import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { physicalCoreCount } from '../../platform/cpus.js';
import { siblingEntry } from '../../platform/entryPoint.js';
import type { DocumentExtractor } from './extractor.js';
import {
  DEFAULT_CHUNKING,
  ExtractionError,
  type ChunkingOptions,
  type ExtractedDocument,
  type ExtractionProgress,
} from '../types.js';
import type { ExtractRequest, WorkerMessage } from './protocol.js';
import { ThreadBudget, type BudgetShare } from './threadBudget.js';

/**
 * Each worker's default heap cap: a PDF that needs more fails alone with TOO_LARGE. A document streams through
 * extraction (its pages' lines packed, its passages handed over in parts), so 1 GiB holds tens of thousands of pages;
 * and V8 lets garbage pile up in proportion to the cap (a 3,010-page PDF's import peaked at 699 MiB under a 4 GiB cap,
 * 514 MiB under 1 GiB).
 */
export const DEFAULT_MAX_HEAP_MB = 1024;

export interface ExtractionPoolOptions {
  /** Worker threads (default: one per physical core). */
  workers?: number;
  chunking?: ChunkingOptions;
  /** Larger files are refused with TOO_LARGE (default 1 GiB). */
  maxBytes?: number;
  /** Scanned pages per file recognised by OCR (default 500; 0 turns OCR off). */
  ocrPages?: number;
  /** Time box per file: this much (default 2 min)… */
  timeoutMs?: number;
  /** …plus this much per page (default 2 s)… */
  pageTimeoutMs?: number;
  /**
   * OCR time per file (default 10 min): once spent, later scanned pages are kept empty with a warning, so a long scan
   * cannot hold the import for hours.
   */
  ocrTimeMs?: number;
  /** …plus, once a file needs OCR, its OCR time and this much for the page in progress when it runs out (2 min). */
  ocrPageTimeoutMs?: number;
  /** Heap limit of each worker; a file that needs more fails with TOO_LARGE instead of taking the app down (1 GiB). */
  maxHeapMb?: number;
  /**
   * The native `tesseract` command that reads scanned pages when it is installed (default 'tesseract', found on the
   * PATH); null: always tesseract.js.
   */
  tesseract?: string | null;
}

type Settings = Required<Omit<ExtractionPoolOptions, 'workers'>>;

/** Starts one extraction worker: the compiled .js, or the .ts source under tsx (tests, `tsx` scripts). */
function spawnWorker(maxHeapMb: number, budget: BudgetShare): Worker {
  const entry = siblingEntry(import.meta.url, 'extractWorker');
  // No inherited Node flags: the parent's (an --eval, a loader) may not make sense for the worker.
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    execArgv: [],
    workerData: { budget },
  };
  if (entry.execArgv.length === 0) return new Worker(entry.file, options);
  // Node 20 worker threads ignore --import loaders in execArgv, so the thread registers tsx itself first.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const source = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); })`;
  return new Worker(source, { ...options, eval: true });
}

/**
 * The PDF extractor: a pool of worker threads, one per physical core, each
 * extracting one file at a time. A file gets a time box that grows with its
 * page count (and its scanned pages); cancelling or overrunning it
 * terminates that worker (pdf.js cannot be interrupted mid-page) and a fresh
 * one is started for the next file. Idle workers do not keep the process alive.
 */
export class ExtractionPool implements DocumentExtractor {
  readonly concurrency: number;
  private readonly settings: Settings;
  /** Each file in progress holds a core of it; OCR borrows the spare ones. */
  private readonly budget: ThreadBudget;
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly online = new WeakSet<Worker>();
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private slotsInUse = 0;
  private nextId = 1;
  private closed = false;

  constructor(options: ExtractionPoolOptions = {}) {
    this.concurrency = Math.max(1, options.workers ?? physicalCoreCount());
    this.settings = {
      chunking: options.chunking ?? DEFAULT_CHUNKING,
      maxBytes: options.maxBytes ?? 2 ** 30,
      ocrPages: options.ocrPages ?? 500,
      ocrTimeMs: options.ocrTimeMs ?? 600_000,
      timeoutMs: options.timeoutMs ?? 120_000,
      pageTimeoutMs: options.pageTimeoutMs ?? 2_000,
      ocrPageTimeoutMs: options.ocrPageTimeoutMs ?? 120_000,
      maxHeapMb: options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB,
      tesseract: options.tesseract === undefined ? 'tesseract' : options.tesseract,
    };
    this.budget = ThreadBudget.create(this.concurrency);
  }

  async extract(
    file: string,
    options: { signal?: AbortSignal; onProgress?: (progress: ExtractionProgress) => void } = {},
  ): Promise<ExtractedDocument> {
    const { signal, onProgress } = options;
    if (this.closed) throw new ExtractionError('CANCELLED', 'The PDF extractor has been closed.');
    if (signal?.aborted === true) throw new ExtractionError('CANCELLED', 'The extraction was cancelled.');
    await this.acquireSlot(signal);
    let worker: Worker;
    try {
      worker = this.idle.pop() ?? this.startWorker();
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    return this.run(worker, file, signal, onProgress);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new ExtractionError('CANCELLED', 'The PDF extractor was closed.'));
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private acquireSlot(signal: AbortSignal | undefined): Promise<void> {
    if (this.slotsInUse < this.concurrency) {
      this.slotsInUse += 1;
      this.budget.hold();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new ExtractionError('CANCELLED', 'The extraction was cancelled before it started.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Hands the slot to the next waiting file, or frees it. */
  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.resolve();
    else {
      this.slotsInUse -= 1;
      this.budget.unhold();
    }
  }

  private startWorker(): Worker {
    const share = this.budget.share();
    const worker = spawnWorker(this.settings.maxHeapMb, share);
    this.all.add(worker);
    worker.once('online', () => this.online.add(worker));
    worker.once('exit', () => {
      // A worker ended mid-page leaves its borrowed cores behind.
      this.budget.reclaim(share);
      this.all.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    // An idle worker's errors have no file to report against; they end it, and the next file starts another.
    worker.on('error', () => undefined);
    return worker;
  }

  private run(
    worker: Worker,
    file: string,
    signal: AbortSignal | undefined,
    onProgress: ((p: ExtractionProgress) => void) | undefined,
  ): Promise<ExtractedDocument> {
    const id = this.nextId++;
    const { timeoutMs, pageTimeoutMs, ocrTimeMs, ocrPageTimeoutMs } = this.settings;
    const started = Date.now();
    let budget = timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    worker.ref();
    return new Promise<ExtractedDocument>((resolve, reject) => {
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            fail(
              new ExtractionError(
                'TIMEOUT',
                `${file} took longer than ${Math.round(budget / 1000)} s to extract and was stopped.`,
              ),
              false,
            ),
          Math.max(0, started + budget - Date.now()),
        );
      };
      let pagesSeen = false;
      let ocrSeen = false;
      const parts: Pick<ExtractedDocument, 'pages' | 'passages'> = { pages: [], passages: [] };
      const onMessage = (message: WorkerMessage): void => {
        if (message.id !== id) return;
        if (message.type === 'part') {
          parts.pages.push(...message.pages);
          parts.passages.push(...message.passages);
        } else if (message.type === 'progress') {
          const { stage, pages } = message.progress;
          if (stage === 'text' && !pagesSeen) {
            pagesSeen = true;
            budget += pages * pageTimeoutMs;
            arm();
          }
          if (stage === 'ocr' && !ocrSeen) {
            ocrSeen = true;
            budget += ocrTimeMs + ocrPageTimeoutMs;
            arm();
          }
          onProgress?.(message.progress);
        } else if (message.type === 'done') settle(true, () => resolve({ ...message.document, ...parts }));
        else settle(true, () => reject(new ExtractionError(message.code, message.message)));
      };
      const onError = (error: Error): void => {
        const code = (error as NodeJS.ErrnoException).code;
        // A worker that never started is an installation problem, not this file's.
        if (!this.online.has(worker))
          fail(new Error(`The PDF extraction worker could not start: ${error.message}`), false);
        else if (code === 'ERR_WORKER_OUT_OF_MEMORY')
          fail(
            new ExtractionError(
              'TOO_LARGE',
              `${file} needs more memory than one PDF may use (${this.settings.maxHeapMb} MiB) and was skipped.`,
            ),
            false,
          );
        else fail(new ExtractionError('CORRUPT', `${file} made the PDF reader fail (${error.message}).`), false);
      };
      const onExit = (): void =>
        fail(new ExtractionError('CORRUPT', `The PDF reader stopped unexpectedly while reading ${file}.`), false);
      const onAbort = (): void => fail(new ExtractionError('CANCELLED', 'The extraction was cancelled.'), false);
      const settle = (healthy: boolean, done: () => void): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        if (healthy && !this.closed) {
          worker.unref();
          this.idle.push(worker);
        } else void worker.terminate();
        this.releaseSlot();
        done();
      };
      const fail = (error: Error, healthy: boolean): void => settle(healthy, () => reject(error));
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted === true) return onAbort();
      arm();
      const { chunking, maxBytes, ocrPages, tesseract } = this.settings;
      const request: ExtractRequest = { type: 'extract', id, file, chunking, maxBytes, ocrPages, ocrTimeMs, tesseract };
      worker.postMessage(request);
    });
  }
}
