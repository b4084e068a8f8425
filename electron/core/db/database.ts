import path from 'node:path';
import type Database from 'better-sqlite3';
import { registerLibraryUse } from '../platform/libraryUsers.js';
import { DATABASE_FILE, ensureWritableDir, openDatabaseFile } from './databaseFile.js';
import { recoverInterruptedRestore } from './restore.js';

export { DATABASE_FILE } from './databaseFile.js';

export interface LibraryDatabase {
  db: Database.Database;
  file: string;
  schemaVersion: number;
  close(): void;
}

/**
 * Opens the library's database for this process: registered as a user of the library (a restore is refused until it
 * closes), after cleaning up after a restore that was interrupted.
 */
export function openLibraryDatabase(dir: string, mode = 'cli'): LibraryDatabase {
  ensureWritableDir(dir);
  const release = registerLibraryUse(dir, mode);
  try {
    const notice = recoverInterruptedRestore(dir);
    if (notice !== null) process.stderr.write(`scholium: ${notice}\n`);
    const file = path.join(dir, DATABASE_FILE);
    const { db, schemaVersion } = openDatabaseFile(file);
    return {
      db,
      file,
      schemaVersion,
      close: () => {
        db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
