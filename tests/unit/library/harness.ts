import type { JobEvent, JobSnapshot } from '../../../electron/contract/index.js';
import { JobManager } from '../../../electron/core/jobs/jobManager.js';
import { LibraryService, type LibraryServiceOptions } from '../../../electron/core/library/service.js';
import type { ImportReport } from '../../../electron/contract/ops/library.js';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { FakeExtractor } from './documents.js';

export interface TestLibrary {
  dir: string;
  db: ReturnType<typeof openLibraryDatabase>['db'];
  jobs: JobManager;
  library: LibraryService;
  fake: FakeExtractor;
  events: JobEvent[];
  /** Imports and waits for the import job to end. */
  importAll(paths: string[]): Promise<{ job: JobSnapshot; report: ImportReport }>;
  count(table: string): number;
  close(): Promise<void>;
}

/**
 * A real library database and job manager with the library service over them; PDFs go to a FakeExtractor unless told
 * otherwise.
 */
export function openTestLibrary(options: Partial<LibraryServiceOptions> & { dir?: string } = {}): TestLibrary {
  const dir = options.dir ?? tempDir();
  const database = openLibraryDatabase(dir);
  const jobs = new JobManager(database.db);
  const fake = new FakeExtractor();
  const library = new LibraryService(
    { db: database.db, libraryDir: dir, jobs, mode: 'cli' },
    { extractor: () => fake, ...options },
  );
  const events: JobEvent[] = [];
  jobs.onEvent((e) => events.push(e));
  return {
    dir,
    db: database.db,
    jobs,
    library,
    fake,
    events,
    async importAll(paths) {
      const started = library.importPaths(paths);
      const job = await jobs.wait(started.jobId);
      return { job, report: library.imports.report(started.jobId) };
    },
    count: (table) => (database.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    async close() {
      await jobs.shutdown();
      await library.close();
      database.close();
    },
  };
}

/** Resolves when `predicate` holds, polling every 10 ms (fails after `ms`). */
export async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
