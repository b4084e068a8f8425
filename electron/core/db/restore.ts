import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import { claimForRestore, takeStaleClaim } from '../platform/libraryUsers.js';
import { checkLibraryFile, timestamp } from './backup.js';
import {
  DATABASE_FILE,
  ensureWritableDir,
  LATEST_SCHEMA,
  openDatabaseFile,
  removeDatabaseFiles,
  syncToDisk,
} from './databaseFile.js';

const TEMP_MARK = '.restoring-';

export interface RestoreResult {
  restored: string;
  previous: string | null;
}

/**
 * Copies the backup into the library folder (with its WAL, if it has one beside it: the copy then holds what the WAL
 * had), checks it and brings it to this Scholium's schema. The backup itself is only read.
 */
function prepareCopy(backupFile: string, temp: string): void {
  fs.copyFileSync(backupFile, temp);
  if (fs.existsSync(`${backupFile}-wal`)) fs.copyFileSync(`${backupFile}-wal`, `${temp}-wal`);
  let version: number;
  let db: Database.Database;
  try {
    db = new Database(temp, { fileMustExist: true });
  } catch (error) {
    throw new ScholiumError(
      'INVALID_REQUEST',
      `${backupFile} is not a Scholium library backup: ${(error as Error).message}.`,
    );
  }
  try {
    version = checkLibraryFile(db, backupFile);
  } finally {
    db.close();
  }
  if (version > LATEST_SCHEMA) {
    throw new ScholiumError(
      'LIBRARY_TOO_NEW',
      `${backupFile} was written by a newer version of Scholium (schema ${version}; this version knows up to ${LATEST_SCHEMA}). Update Scholium to restore it.`,
    );
  }
  let migrated: Database.Database;
  try {
    migrated = openDatabaseFile(temp).db;
  } catch (error) {
    throw new ScholiumError(
      'INVALID_REQUEST',
      `${backupFile} cannot be restored: its tables do not match the schema version it records (${version}), so it cannot be brought up to date (${(error as Error).message}). The library is unchanged.`,
    );
  }
  try {
    checkLibraryFile(migrated, backupFile);
  } finally {
    // The last connection to close checkpoints the WAL into the file and removes it: the copy is one file.
    migrated.close();
  }
  if (fs.existsSync(`${temp}-wal`)) throw new ScholiumError('IO_ERROR', `The copy ${temp} kept a WAL file.`);
  syncToDisk(temp);
}

/** Keeps the current database beside the new one, and leaves it as one file with no WAL to be renamed over. */
function keepPrevious(target: string, previous: string): Promise<void> {
  const live = new Database(target, { fileMustExist: true });
  live.pragma('wal_checkpoint(TRUNCATE)');
  return live
    .backup(previous)
    .then(() => syncToDisk(previous))
    .finally(() => live.close());
}

/**
 * Replaces the library database with a backup, all or nothing: the backup is copied into the library folder, checked,
 * migrated and synced to disk, then renamed over the database in one step. Refused while any Scholium process has the
 * library open. The current database is kept beside it as library.sqlite.before-restore-<time>. A restore killed
 * midway leaves the library as it was; the next process to open it removes the partial copy and says so.
 */
export async function restoreLibrary(libraryDir: string, backupFile: string, now = new Date()): Promise<RestoreResult> {
  if (!fs.existsSync(backupFile) || !fs.statSync(backupFile).isFile())
    throw new ScholiumError('NOT_FOUND', `${backupFile} is not a file.`);
  ensureWritableDir(libraryDir);
  const notice = recoverInterruptedRestore(libraryDir);
  if (notice !== null) process.stderr.write(`scholium: ${notice}\n`);
  const target = path.join(libraryDir, DATABASE_FILE);
  const temp = `${target}${TEMP_MARK}${timestamp(now)}`;
  const claim = claimForRestore(libraryDir, backupFile, temp);
  try {
    removeDatabaseFiles(temp);
    prepareCopy(backupFile, temp);
    let previous: string | null = null;
    if (fs.existsSync(target)) {
      previous = `${target}.before-restore-${timestamp(now)}`;
      await keepPrevious(target, previous);
    }
    if (fs.existsSync(`${target}-wal`) && fs.statSync(`${target}-wal`).size > 0)
      throw new ScholiumError('CONFLICT', `Another program still has ${target} open; close it and restore again.`);
    claim.phase('swapping');
    for (const side of ['-wal', '-shm']) fs.rmSync(`${target}${side}`, { force: true });
    fs.renameSync(temp, target);
    syncToDisk(libraryDir);
    return { restored: target, previous };
  } catch (error) {
    removeDatabaseFiles(temp);
    throw error;
  } finally {
    claim.release();
  }
}

/**
 * After a restore that was killed: removes its partial copy and says which database the library now is (the one from
 * before, unless the copy had already been renamed into place). Null when there is nothing to recover.
 */
export function recoverInterruptedRestore(libraryDir: string): string | null {
  const claim = takeStaleClaim(libraryDir);
  if (claim === null) return null;
  const temp = path.resolve(claim.temp);
  const ours =
    path.dirname(temp) === path.resolve(libraryDir) && path.basename(temp).startsWith(`${DATABASE_FILE}${TEMP_MARK}`);
  const copyLeft = ours && fs.existsSync(temp);
  if (ours) removeDatabaseFiles(temp);
  return claim.phase === 'swapping' && !copyLeft
    ? `The restore of ${claim.backup} (pid ${claim.pid}) was interrupted just after it put the backup in place; the library is the restored one.`
    : `The restore of ${claim.backup} (pid ${claim.pid}) was interrupted before it finished; the library is as it was before it. Restore again if you still want it.`;
}
