import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openLibraryDatabase } from '../../../electron/core/db/database.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { tempDir } from '../../helpers/tempLibrary.js';

describe('library database', () => {
  it('runs every migration on a fresh database and records the version', () => {
    const dir = tempDir();
    const lib = openLibraryDatabase(dir);
    expect(lib.schemaVersion).toBe(migrations.at(-1)!.version);
    expect(lib.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((lib.db.prepare('select vec_version() v').get() as { v: string }).v).toMatch(/^v\d/);
    lib.close();
    // Opening again is a no-op.
    const again = openLibraryDatabase(dir);
    expect(again.schemaVersion).toBe(migrations.at(-1)!.version);
    again.close();
  });

  it('refuses a library written by a newer Scholium and leaves it untouched', () => {
    const dir = tempDir();
    openLibraryDatabase(dir).close();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.pragma(`user_version = ${migrations.at(-1)!.version + 5}`);
    raw.close();
    expect(() => openLibraryDatabase(dir)).toThrow(/written by a newer version of Scholium/);
    const check = new Database(path.join(dir, DATABASE_FILE));
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version + 5);
    check.close();
  });

  it('explains an unwritable library folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'not-a-folder');
    new Database(file).close();
    expect(() => openLibraryDatabase(path.join(file, 'lib'))).toThrow(/cannot write to the library folder .*ENOTDIR/);
  });
});
