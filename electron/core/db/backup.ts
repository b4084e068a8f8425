import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import { BACKUP_FOLDER } from './layout.js';

export interface BackupResult {
  file: string;
  bytes: number;
}

export function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** The default place for a backup: <library>/backups/library-<time>.sqlite. */
export function defaultBackupFile(libraryDir: string, now = new Date()): string {
  return path.join(libraryDir, BACKUP_FOLDER, `library-${timestamp(now)}.sqlite`);
}

/**
 * Checks that an open database is an intact Scholium library and returns its schema version; `name` is the file the
 * user knows it by.
 */
export function checkLibraryFile(db: Database.Database, name: string): number {
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new ScholiumError('IO_ERROR', `${name} is damaged (integrity check: ${String(result)}).`);
    const hasJobs = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'`).get();
    if (hasJobs === undefined)
      throw new ScholiumError('INVALID_REQUEST', `${name} is an SQLite database but not a Scholium library.`);
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (error instanceof ScholiumError) throw error;
    throw new ScholiumError(
      'INVALID_REQUEST',
      `${name} is not a Scholium library backup (or is incomplete): ${(error as Error).message}.`,
    );
  }
}

/**
 * A consistent copy of the live library through SQLite's online backup API:
 * readers and writers carry on while it runs. The copy is checked before it
 * is reported as done.
 */
export async function backupLibrary(db: Database.Database, file: string): Promise<BackupResult> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file))
    throw new ScholiumError('CONFLICT', `${file} already exists; choose a new file name for the backup.`);
  try {
    await db.backup(file);
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw new ScholiumError(
      'IO_ERROR',
      `The backup to ${file} failed: ${(error as Error).message}. The library itself is unchanged.`,
    );
  }
  // The copy keeps the library's WAL mode: switched to a rollback journal, it is one self-contained file (opened
  // read-only in WAL mode it would leave -wal and -shm files beside it).
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    checkLibraryFile(copy, file);
  } finally {
    copy.close();
  }
  return { file, bytes: fs.statSync(file).size };
}
