import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ImportReport, ImportSummary } from '../../../contract/ops/library.js';
import type { Discovery } from './discover.js';

export type FileOutcome =
  | ({ type: 'imported' } & ImportSummary['imported'][number])
  | ({ type: 'duplicate' } & ImportSummary['duplicates'][number])
  | ({ type: 'skipped' } & ImportSummary['skipped'][number])
  | ({ type: 'failed' } & ImportSummary['failed'][number])
  | ({ type: 'removed' } & ImportReport['removed'][number]);

export interface PendingFile {
  ordinal: number;
  path: string;
}

/**
 * The import_jobs / import_job_files record of each import: the files it
 * found and what became of each. A file's outcome is written in the same
 * transaction as its paper, so after a crash the record and the library agree
 * and a resumed run picks up exactly the files still pending.
 */
export class ImportLog {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(jobId: string, paths: readonly string[]): string {
    const importId = randomUUID();
    this.db
      .prepare(`INSERT INTO import_jobs (id, job_id, paths, state, created_at) VALUES (?, ?, ?, 'running', ?)`)
      .run(importId, jobId, JSON.stringify(paths), this.now().toISOString());
    return importId;
  }

  /**
   * Records what discovery found: documents to import (pending), files it
   * reported at once, and papers a watched folder lost with their files
   * (removed in this same transaction by `removeMissing`).
   */
  addFiles(importId: string, discovery: Discovery, removeMissing: () => FileOutcome[] = () => []): void {
    const insertFile = this.db.prepare(
      'INSERT INTO import_job_files (import_id, ordinal, path, state) VALUES (?, ?, ?, ?)',
    );
    this.db
      .transaction(() => {
        let ordinal = 0;
        const done = (file: string, outcome: FileOutcome): void => {
          insertFile.run(importId, ordinal, file, 'done');
          this.append(importId, ordinal++, outcome);
        };
        for (const removed of removeMissing()) done(removed.file, removed);
        for (const s of discovery.skipped) done(s.file, { type: 'skipped', ...s });
        for (const f of discovery.failed) done(f.file, { type: 'failed', ...f });
        for (const c of discovery.files) insertFile.run(importId, ordinal++, c.path, 'pending');
      })
      .immediate();
  }

  /** Imports whose process stopped before they finished (no live process runs their job), oldest first. */
  interrupted(isLive: (jobId: string) => boolean): { importId: string; paths: string[] }[] {
    const rows = this.db
      .prepare(`SELECT id, job_id, paths FROM import_jobs WHERE state = 'running' ORDER BY created_at`)
      .all() as {
      id: string;
      job_id: string;
      paths: string;
    }[];
    return rows
      .filter((r) => !isLive(r.job_id))
      .map((r) => ({ importId: r.id, paths: JSON.parse(r.paths) as string[] }));
  }

  /** A new run takes over an interrupted import. */
  attach(importId: string, jobId: string): void {
    this.db.prepare('UPDATE import_jobs SET job_id = ? WHERE id = ?').run(jobId, importId);
  }

  pending(importId: string): PendingFile[] {
    return this.db
      .prepare(`SELECT ordinal, path FROM import_job_files WHERE import_id = ? AND state = 'pending' ORDER BY ordinal`)
      .all(importId) as PendingFile[];
  }

  fileCount(importId: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM import_job_files WHERE import_id = ?').get(importId) as { n: number }
    ).n;
  }

  /** What a file produced so far (a JSONL file interrupted half-way has some of its documents done). */
  outcomes(importId: string, ordinal: number): FileOutcome[] {
    const rows = this.db
      .prepare('SELECT outcome FROM import_job_outcomes WHERE import_id = ? AND ordinal = ? ORDER BY id')
      .all(importId, ordinal) as {
      outcome: string;
    }[];
    return rows.map((r) => JSON.parse(r.outcome) as FileOutcome);
  }

  /** Records one outcome; call it inside the transaction that wrote the paper it describes. */
  append(importId: string, ordinal: number, outcome: FileOutcome): void {
    this.db
      .prepare('INSERT INTO import_job_outcomes (import_id, ordinal, outcome) VALUES (?, ?, ?)')
      .run(importId, ordinal, JSON.stringify(outcome));
  }

  finishFile(importId: string, ordinal: number): void {
    this.db
      .prepare(`UPDATE import_job_files SET state = 'done' WHERE import_id = ? AND ordinal = ?`)
      .run(importId, ordinal);
  }

  finish(importId: string, state: 'done' | 'cancelled'): void {
    this.db
      .prepare('UPDATE import_jobs SET state = ?, finished_at = ? WHERE id = ?')
      .run(state, this.now().toISOString(), importId);
  }

  importIdOf(jobId: string): string | null {
    const row = this.db.prepare('SELECT id FROM import_jobs WHERE job_id = ? OR id = ? LIMIT 1').get(jobId, jobId) as
      { id: string } | undefined;
    return row?.id ?? null;
  }

  /** The summary of an import (by the id of any job that worked on it, or its own id). */
  report(jobIdOrImportId: string, isLive: (jobId: string) => boolean): ImportReport | null {
    const job = this.db
      .prepare('SELECT id, job_id, state FROM import_jobs WHERE job_id = ? OR id = ? LIMIT 1')
      .get(jobIdOrImportId, jobIdOrImportId) as
      { id: string; job_id: string; state: 'running' | 'done' | 'cancelled' } | undefined;
    if (job === undefined) return null;
    const files = this.db.prepare('SELECT state FROM import_job_files WHERE import_id = ?').all(job.id) as {
      state: string;
    }[];
    const outcomes = this.db
      .prepare('SELECT outcome FROM import_job_outcomes WHERE import_id = ? ORDER BY ordinal, id')
      .all(job.id) as { outcome: string }[];
    const report: ImportReport = {
      importId: job.id,
      jobId: job.job_id,
      state: job.state === 'running' && !isLive(job.job_id) ? 'interrupted' : job.state,
      files: files.length,
      pending: files.filter((r) => r.state === 'pending').length,
      imported: [],
      duplicates: [],
      skipped: [],
      failed: [],
      removed: [],
    };
    for (const row of outcomes) {
      const { type, ...entry } = JSON.parse(row.outcome) as FileOutcome;
      if (type === 'imported') report.imported.push(entry as ImportSummary['imported'][number]);
      else if (type === 'duplicate') report.duplicates.push(entry as ImportSummary['duplicates'][number]);
      else if (type === 'skipped') report.skipped.push(entry as ImportSummary['skipped'][number]);
      else if (type === 'failed') report.failed.push(entry as ImportSummary['failed'][number]);
      else report.removed.push(entry as ImportReport['removed'][number]);
    }
    return report;
  }
}
