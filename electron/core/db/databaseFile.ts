import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { ScholiumError } from '../../contract/index.js';
import { resolveUnpacked } from '../../../native/unpacked.js';
import { damaged } from './damage.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

export { DATABASE_FILE } from './layout.js';

/** The newest schema version this Scholium knows. */
export const LATEST_SCHEMA = migrations.at(-1)?.version ?? 0;

/** mkdir -p one level at a time: Node's recursive mkdir spins forever under /proc. */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing) fs.mkdirSync(d);
}

/** Creates the folder if needed and proves it can be written, with a sentence the user can act on. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(dir);
    fs.accessSync(dir, fs.constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ScholiumError(
      'LIBRARY_UNWRITABLE',
      `Scholium cannot write to the library folder ${dir} (${reason}). Choose a folder you can write to with --library or SCHOLIUM_HOME.`,
    );
  }
}

/** Loads sqlite-vec from its unpacked location (it cannot be loaded from inside an asar). */
export function loadVectorExtension(db: Database.Database): void {
  db.loadExtension(resolveUnpacked(sqliteVec.getLoadablePath()));
}

/** Opens one library database file with Scholium's settings and brings it to the newest schema. */
export function openDatabaseFile(file: string): { db: Database.Database; schemaVersion: number } {
  const db = new Database(file);
  try {
    // First, so that switching a new file to WAL waits for another process doing the same.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    loadVectorExtension(db);
    return { db, schemaVersion: migrate(db, migrations, file) };
  } catch (error) {
    db.close();
    throw damaged(error, file);
  }
}

/** Removes a database file with its WAL, shared-memory and rollback journal files. */
export function removeDatabaseFiles(file: string): void {
  for (const side of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${side}`, { force: true });
}

/** Makes a file's bytes (or a folder's entries) durable before the next step relies on them. */
export function syncToDisk(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return; // Windows cannot open a folder to sync it; its renames are durable on their own.
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; nothing more can be done there.
  } finally {
    fs.closeSync(fd);
  }
}
