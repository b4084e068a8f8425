import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ScholiumError, type JobSnapshot } from '../../../contract/index.js';
import type { ImportReport } from '../../../contract/ops/library.js';
import type { JobManager } from '../../jobs/jobManager.js';
import { discover } from './discover.js';
import { FolderWatcher } from './folderWatcher.js';
import type { ImportFileDeps } from './importFile.js';
import { ImportLog, type FileOutcome } from './importLog.js';
import { runImport } from './importRun.js';

export interface WatchedFolder {
  path: string;
  addedAt: string;
  lastScanAt: string | null;
}

export interface ImportServiceDeps extends Omit<ImportFileDeps, 'log' | 'inFlight'> {
  jobs: JobManager;
  /** Names files as the user knows them (an upload by its own name, not its folder inside the library). */
  userFacing?: (text: string) => string;
  /** Called when an import run ends, whatever its outcome (the embedding stage starts from here). */
  onImportEnded?: () => void;
  debounceMs?: number;
}

/**
 * Starts, resumes and reports imports, and keeps watched folders in step.
 * An import of the same paths as an interrupted one resumes it: only its
 * pending files are read again, and its report covers both runs.
 */
export class ImportService {
  readonly log: ImportLog;
  private readonly watcher: FolderWatcher;
  /** Watched folders with a rescan running, and whether another is due when it ends. */
  private readonly rescans = new Map<string, { jobId: string; again: boolean }>();
  /** Contents being indexed by any import of this process, so the same bytes are read once. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: ImportServiceDeps) {
    this.log = new ImportLog(deps.db);
    this.watcher = new FolderWatcher((folder) => this.rescan(folder), deps.debounceMs);
  }

  private get db(): Database.Database {
    return this.deps.db;
  }

  /** An import is interrupted only when no live process, this one or another on the library, is running its job. */
  private isLive = (jobId: string): boolean => this.deps.jobs.isRunning(jobId);

  /** Imports files and folders; resumes the interrupted import of exactly these paths if there is one. */
  start(paths: readonly string[], options: { watchedFolder?: string } = {}): JobSnapshot {
    const resolved = paths.map((p) => path.resolve(p));
    const key = JSON.stringify(resolved);
    const interrupted = this.log.interrupted(this.isLive).find((i) => JSON.stringify(i.paths) === key);
    const title =
      resolved.length === 1 ? `Import of ${path.basename(resolved[0]!)}` : `Import of ${resolved.length} items`;
    let importId = interrupted?.importId ?? '';
    const snapshot = this.deps.jobs.start('import', title, { paths: resolved }, async (ctx) => {
      try {
        if (this.log.fileCount(importId) === 0) {
          const found = discover(resolved);
          this.log.addFiles(importId, found, () =>
            options.watchedFolder === undefined ? [] : this.removeMissing(options.watchedFolder),
          );
        }
        await runImport(
          { ...this.deps, log: this.log, inFlight: this.inFlight, userFacing: this.userFacing },
          importId,
          ctx,
        );
      } finally {
        this.deps.onImportEnded?.();
      }
    });
    // The job body runs on a later tick, so the record is in place before it looks.
    if (interrupted === undefined) importId = this.log.create(snapshot.jobId, resolved);
    else this.log.attach(importId, snapshot.jobId);
    return snapshot;
  }

  /** Resumes every import a stopped process left unfinished (the app does this when it starts). */
  resumeInterrupted(): JobSnapshot[] {
    return this.log.interrupted(this.isLive).map((i) => this.start(i.paths));
  }

  /** What an import did, file by file, each file named as the user knows it. */
  report(jobId: string): ImportReport {
    const report = this.log.report(jobId, this.isLive);
    if (report === null) throw new ScholiumError('NOT_FOUND', `No import with job id ${jobId}.`);
    const named = this.userFacing;
    return {
      ...report,
      imported: report.imported.map((i) => ({ ...i, file: named(i.file) })),
      duplicates: report.duplicates.map((d) => ({ ...d, file: named(d.file), duplicateOf: named(d.duplicateOf) })),
      skipped: report.skipped.map((s) => ({ ...s, file: named(s.file), reason: named(s.reason) })),
      failed: report.failed.map((f) => ({ ...f, file: named(f.file), error: named(f.error) })),
      removed: report.removed.map((r) => ({ ...r, file: named(r.file) })),
    };
  }

  private get userFacing(): (text: string) => string {
    return this.deps.userFacing ?? ((text) => text);
  }

  // ── watched folders ───────────────────────────────────────────────────────

  watched(): WatchedFolder[] {
    return this.db
      .prepare('SELECT path, added_at AS addedAt, last_scan_at AS lastScanAt FROM watched_folders ORDER BY path')
      .all() as WatchedFolder[];
  }

  /** Starts watching a folder and imports it now (the rescan's job). */
  watch(folder: string): { folder: WatchedFolder; job: JobSnapshot } {
    const resolved = path.resolve(folder);
    const stat = fs.statSync(resolved, { throwIfNoEntry: false });
    if (stat === undefined) throw new ScholiumError('NOT_FOUND', `There is no folder ${resolved} to watch.`);
    if (!stat.isDirectory())
      throw new ScholiumError('INVALID_REQUEST', `${resolved} is a file; only folders can be watched.`);
    this.db
      .prepare('INSERT OR IGNORE INTO watched_folders (path, added_at) VALUES (?, ?)')
      .run(resolved, new Date().toISOString());
    this.watcher.watch(resolved);
    const job = this.rescan(resolved);
    return { folder: this.watched().find((w) => w.path === resolved)!, job };
  }

  unwatch(folder: string): boolean {
    const resolved = path.resolve(folder);
    this.watcher.unwatch(resolved);
    return this.db.prepare('DELETE FROM watched_folders WHERE path = ?').run(resolved).changes > 0;
  }

  /** Watches every recorded folder again and rescans each (changes made while Scholium was closed). */
  resumeWatching(): JobSnapshot[] {
    return this.watched().flatMap((w) => {
      if (!fs.existsSync(w.path)) return [];
      this.watcher.watch(w.path);
      return [this.rescan(w.path)];
    });
  }

  close(): void {
    this.watcher.close();
  }

  /** One rescan per folder at a time; changes during a rescan queue exactly one more. */
  private rescan(folder: string): JobSnapshot {
    const running = this.rescans.get(folder);
    const live = running === undefined ? undefined : this.deps.jobs.list().find((j) => j.jobId === running.jobId);
    if (running !== undefined && live !== undefined) {
      running.again = true;
      return live;
    }
    this.db.prepare('UPDATE watched_folders SET last_scan_at = ? WHERE path = ?').run(new Date().toISOString(), folder);
    const snapshot = this.start([folder], { watchedFolder: folder });
    const state = { jobId: snapshot.jobId, again: false };
    this.rescans.set(folder, state);
    void this.deps.jobs.wait(snapshot.jobId).then(() => {
      this.rescans.delete(folder);
      if (state.again && this.watcher.isWatching(folder)) this.rescan(folder);
    });
    return snapshot;
  }

  /** Takes out of the library the files under a watched folder that are gone from disk. */
  private removeMissing(folder: string): FileOutcome[] {
    const outcomes: FileOutcome[] = [];
    for (const file of this.deps.queries.pathsUnder(folder, path.sep)) {
      if (fs.existsSync(file)) continue;
      const paperIds = this.deps.papers.removeFile(file);
      for (const paperId of paperIds) outcomes.push({ type: 'removed', file, paperId });
    }
    return outcomes;
  }
}
