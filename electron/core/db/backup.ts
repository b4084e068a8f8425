import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import { assertNotServed } from '../platform/instanceLock.js';
import { DATABASE_FILE } from './database.js';
import { migrations } from './migrations/index.js';

export interface BackupResult {
  file: string;
  bytes: number;
}

export interface RestoreResult {
  restored: string;
  /** Where the database it replaced is kept, or null when there was none. */
  previous: string | null;
}

export const BACKUP_DIR = 'backups';

function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** The default place for a backup: <library>/backups/library-<time>.sqlite. */
export function defaultBackupFile(libraryDir: string, now = new Date()): string {
  return path.join(libraryDir, BACKUP_DIR, `library-${timestamp(now)}.sqlite`);
}

function checkIntegrity(file: string): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new ScholiumError(
      'INVALID_REQUEST',
      `${file} is not a Scholium library backup: ${(error as Error).message}.`,
    );
  }
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new ScholiumError('IO_ERROR', `${file} is damaged (integrity check: ${String(result)}).`);
    const hasJobs = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'`).get();
    if (hasJobs === undefined)
      throw new ScholiumError('INVALID_REQUEST', `${file} is an SQLite database but not a Scholium library.`);
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (error instanceof ScholiumError) throw error;
    throw new ScholiumError(
      'INVALID_REQUEST',
      `${file} is not a Scholium library backup: ${(error as Error).message}.`,
    );
  } finally {
    db.close();
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
  checkIntegrity(file);
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Replaces the library database with a backup. The backup is verified first;
 * the current database is kept beside it as library.sqlite.before-restore-<time>.
 * Must run with no Scholium using the library: refused while one serves it.
 */
export async function restoreLibrary(libraryDir: string, backupFile: string, now = new Date()): Promise<RestoreResult> {
  assertNotServed(libraryDir, 'restore a backup');
  const version = checkIntegrity(backupFile);
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) {
    throw new ScholiumError(
      'LIBRARY_TOO_NEW',
      `${backupFile} was written by a newer version of Scholium (schema ${version}; this version knows up to ${latest}). Update Scholium to restore it.`,
    );
  }
  const target = path.join(libraryDir, DATABASE_FILE);
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${timestamp(now)}`;
    const live = new Database(target, { fileMustExist: true });
    try {
      await live.backup(previous);
    } finally {
      live.close();
    }
  }
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    // Restores through the backup API too, so the WAL and the main file stay consistent.
    for (const side of ['-wal', '-shm']) fs.rmSync(`${target}${side}`, { force: true });
    fs.rmSync(target, { force: true });
    await source.backup(target);
  } finally {
    source.close();
  }
  return { restored: target, previous };
}
