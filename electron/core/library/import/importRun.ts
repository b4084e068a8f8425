import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';
import { isStorageFailure } from '../../platform/storageFailure.js';
import type { JobContext, JobManager } from '../../jobs/jobManager.js';
import { ExtractionError } from '../types.js';
import { formatOf } from './discover.js';
import { commit, importFile, unchangedOnDisk, UNCHANGED, type FileTask, type ImportFileDeps } from './importFile.js';
import type { FileOutcome } from './importLog.js';
import { ImportRate } from './importRate.js';

export interface ImportRunDeps extends ImportFileDeps {
  jobs: JobManager;
  /** A file as the user knows it: an upload's own name instead of its folder inside the library. */
  userFacing: (text: string) => string;
}

/** A failure as the import report shows it: the extractor's code and sentence, or a plain description. */
function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof ExtractionError) return { code: error.code, message: error.message };
  if (error instanceof ScholiumError) return { code: error.code, message: error.message };
  return {
    code: 'ERROR',
    message: `Unexpected error while importing: ${error instanceof Error ? error.message : String(error)}`,
  };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * What became of a file, said when its job ends: "Read and indexed, 14 pages", "Already in the library (the same
 * content as a.pdf)"; a JSONL file counts its documents.
 */
export function outcomeMessage(outcomes: readonly FileOutcome[]): string {
  const imported = outcomes.filter((o) => o.type === 'imported');
  const duplicates = outcomes.filter((o) => o.type === 'duplicate');
  const unchanged = outcomes.filter((o) => o.type === 'skipped');
  if (outcomes.length === 1 && imported.length === 1)
    return imported[0]!.pages > 0
      ? `Read and indexed, ${plural(imported[0]!.pages, 'page', 'pages')}`
      : 'Read and indexed';
  if (outcomes.length === 1 && duplicates.length === 1)
    return `Already in the library (the same content as ${path.basename(duplicates[0]!.duplicateOf)})`;
  if (outcomes.length === 1 && unchanged.length === 1) return 'Already in the library, unchanged';
  const parts = [
    imported.length > 0 ? `${plural(imported.length, 'document', 'documents')} read and indexed` : null,
    duplicates.length > 0 ? `${duplicates.length} already in the library` : null,
    outcomes.some((o) => o.type === 'failed')
      ? `${outcomes.filter((o) => o.type === 'failed').length} could not be read`
      : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? `${parts.join(', ')}` : 'Nothing new to import';
}

/**
 * SQLite could not write (the disk is full, the folder went read-only or
 * failed): no later file can succeed either, so the import stops with the
 * file still pending, to finish when the same import runs again.
 */
function storageFailure(error: unknown): ScholiumError | null {
  if (!isStorageFailure(error)) return null;
  const code = (error as { code: string }).code;
  const cause =
    code === 'SQLITE_FULL'
      ? 'The disk holding the library is full'
      : `Scholium could not write to the library (${code})`;
  return new ScholiumError(
    'LIBRARY_UNWRITABLE',
    `${cause}; nothing was half-written. Make room (or fix the library folder) first.`,
  );
}

/** As many files at once as the extractor has workers; one when it cannot start (each PDF then reports why). */
function extractorConcurrency(deps: ImportRunDeps): number {
  try {
    return Math.max(1, deps.extractor().concurrency ?? 1);
  } catch {
    return 1;
  }
}

/**
 * Works through the pending files of an import, several at once when the
 * extractor has several workers. Each file runs as its own `import.file` job
 * (progress in pages, cancellable on its own); cancelling the import stops
 * them all and leaves the unfinished files pending.
 */
export async function runImport(deps: ImportRunDeps, importId: string, ctx: JobContext): Promise<void> {
  const queue: FileTask[] = deps.log
    .pending(importId)
    .map((f) => ({ importId, ordinal: f.ordinal, path: f.path, format: formatOf(f.path) ?? 'pdf' }));
  const total = deps.log.fileCount(importId);
  let finished = total - queue.length;
  const workers = queue.some((t) => t.format === 'pdf') ? extractorConcurrency(deps) : 1;
  const rate = new ImportRate(queue.filter((t) => t.format === 'pdf').length, workers);
  const progress = (message: string): void => ctx.progress(finished, total, message, rate.rate());
  progress(queue.length === 0 ? 'Nothing left to import' : 'Starting');
  let stopped: ScholiumError | null = null;

  const runFile = async (task: FileTask): Promise<void> => {
    const name = path.basename(task.path);
    if (task.format === 'pdf') rate.open(task.path);
    // Unchanged files are recorded at once, without a job of their own (a rescan of a big folder stays quiet).
    if (await unchangedOnDisk(deps, task)) {
      commit(deps, task, [{ type: 'skipped', file: task.path, reason: UNCHANGED }]);
      finished += 1;
      progress(name);
      return;
    }
    const child = deps.jobs.start('import.file', name, { importId, path: task.path }, async (file) => {
      try {
        let shown = { done: 0, total: null as number | null };
        const outcomes = await importFile(deps, task, file.signal, (message, done, pages, extraction) => {
          shown = { done, total: pages };
          file.progress(done, pages, message);
          if (extraction !== undefined) rate.progress(task.path, extraction);
          progress(`${name}: ${message}${pages === null ? '' : ` ${done}/${pages}`}`);
        });
        file.progress(shown.done, shown.total, outcomeMessage(outcomes));
      } catch (error) {
        // Cancelling the whole import leaves this file pending, to be done when the import runs again.
        if (ctx.signal.aborted) throw error;
        stopped ??= storageFailure(error);
        if (stopped !== null) throw stopped;
        if (file.signal.aborted) {
          commit(deps, task, [{ type: 'skipped', file: task.path, reason: 'Cancelled by the user.' }]);
          throw error;
        }
        const { code, message } = describeFailure(error);
        commit(deps, task, [{ type: 'failed', file: task.path, error: message, code }]);
        throw new Error(deps.userFacing(message));
      }
    });
    const cancelChild = (): void => void deps.jobs.cancel(child.jobId);
    ctx.signal.addEventListener('abort', cancelChild, { once: true });
    try {
      await deps.jobs.wait(child.jobId);
    } finally {
      ctx.signal.removeEventListener('abort', cancelChild);
    }
    rate.close(task.path);
    if (!ctx.signal.aborted) {
      finished += 1;
      progress(name);
    }
  };

  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      for (
        let task = queue.shift();
        task !== undefined && !ctx.signal.aborted && stopped === null;
        task = queue.shift()
      )
        await runFile(task);
    }),
  );
  // Left running in the log, so the next start (or the same import) resumes it.
  if (stopped !== null) throw stopped;
  deps.log.finish(importId, ctx.signal.aborted ? 'cancelled' : 'done');
}
