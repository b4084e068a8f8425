import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { ScholiumError } from '../../contract/index.js';
import { resolveUnpacked } from '../../../native/unpacked.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

export const DATABASE_FILE = 'library.sqlite';

export interface LibraryDatabase {
  db: Database.Database;
  file: string;
  schemaVersion: number;
  close(): void;
}

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

export function openLibraryDatabase(dir: string): LibraryDatabase {
  ensureWritableDir(dir);
  const file = path.join(dir, DATABASE_FILE);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    loadVectorExtension(db);
    const schemaVersion = migrate(db, migrations, file);
    return { db, file, schemaVersion, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
