import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { restoreLibrary } from '../../../electron/core/db/restore.js';
import { DATABASE_FILE } from '../../../electron/core/db/database.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const bin = path.resolve(import.meta.dirname, '../../../bin/scholium.js');

describe('library backup and restore', () => {
  it('backs up a library that is being written to, and restores it', async () => {
    const dir = tempDir();
    const core = Core.open({ libraryDir: dir, mode: 'cli' });
    const insert = core.database.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
    for (let i = 0; i < 200; i += 1) insert.run(`k${i}`, 'before');
    // Keep writing while the online backup runs.
    let writes = 0;
    const writer = setInterval(() => insert.run(`during${writes++}`, 'x'), 1);
    const result = await core.invoke('app.backup', {});
    clearInterval(writer);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(path.dirname(result.value.file)).toBe(path.join(dir, 'backups'));
    const copy = new Database(result.value.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare(`SELECT COUNT(*) n FROM settings WHERE value = 'before'`).get() as { n: number }).n).toBe(200);
    copy.close();

    core.database.prepare(`DELETE FROM settings`).run();
    await core.close();
    const restored = await restoreLibrary(dir, result.value.file);
    expect(fs.existsSync(restored.previous!)).toBe(true);
    const reopened = Core.open({ libraryDir: dir, mode: 'cli' });
    expect(
      (reopened.database.prepare(`SELECT COUNT(*) n FROM settings WHERE value = 'before'`).get() as { n: number }).n,
    ).toBe(200);
    await reopened.close();
  });

  it('refuses a file that is not a library backup and leaves the library alone', async () => {
    const dir = tempDir();
    const core = Core.open({ libraryDir: dir, mode: 'cli' });
    core.database.prepare(`INSERT INTO settings (key, value) VALUES ('keep', 'me')`).run();
    await core.close();
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'this is not sqlite at all, just text that is long enough to look like something');
    await expect(restoreLibrary(dir, junk)).rejects.toThrow(/is not a Scholium library backup/);
    const other = path.join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE x (y)');
    await expect(restoreLibrary(dir, other)).rejects.toThrow(/an SQLite database but not a Scholium library/);
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'keep'`).get()).toEqual({ value: 'me' });
    db.close();
  });

  it('works from the CLI', () => {
    const dir = tempDir();
    const file = path.join(tempDir(), 'copy.sqlite');
    const backup = spawnSync(process.execPath, [bin, '--json', '--library', dir, 'backup', file], { encoding: 'utf8' });
    expect(backup.status).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, bytes: expect.any(Number) });
    // One self-contained file: no WAL or shared-memory file beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['copy.sqlite']);
    const again = spawnSync(process.execPath, [bin, '--library', dir, 'backup', file], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists; choose a new file name');
    const restore = spawnSync(process.execPath, [bin, '--json', '--library', dir, 'restore', file], {
      encoding: 'utf8',
    });
    expect(restore.status).toBe(0);
    expect(JSON.parse(restore.stdout).restored).toBe(path.join(dir, DATABASE_FILE));
  });

  it('refuses to restore while another Scholium process has the library open, and leaves it alone', async () => {
    const dir = tempDir();
    const file = path.join(tempDir(), 'copy.sqlite');
    const core = Core.open({ libraryDir: dir, mode: 'host' });
    expect(await core.backup(file)).toMatchObject({ file, bytes: expect.any(Number) });
    try {
      // This test process has the library open: to the CLI it is another, live Scholium.
      const restore = spawnSync(process.execPath, [bin, '--library', dir, 'restore', file], { encoding: 'utf8' });
      expect(restore.status).toBe(1);
      expect(restore.stderr).toContain(
        `Cannot restore while Scholium has this library open: scholium serve, pid ${process.pid}. Stop it first.`,
      );
      expect(fs.readdirSync(dir).filter((name) => name.includes('before-restore'))).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
