import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { restoreLibrary } from '../../../electron/core/db/restore.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot, runCli, startCli, withDatabase } from '../library/cliProcess.js';

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');

/** A library whose settings say which one it is, with `megabytes` of filler so a restore of it takes a while. */
async function libraryNamed(name: string, megabytes = 0): Promise<{ dir: string; backup: string }> {
  const dir = tempDir();
  const core = Core.open({ libraryDir: dir, mode: 'cli' });
  core.database.prepare(`INSERT INTO settings (key, value) VALUES ('which', ?)`).run(name);
  const fill = core.database.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  for (let i = 0; i < megabytes; i += 1) fill.run(`filler${i}`, `${i}`.padEnd(1024 * 1024, 'x'));
  const backup = await core.invoke('app.backup', {});
  await core.close();
  if (!backup.ok) throw new Error(backup.error.message);
  return { dir, backup: backup.value.file };
}

const which = (dir: string): string =>
  withDatabase(
    dir,
    (db) => (db.prepare(`SELECT value FROM settings WHERE key = 'which'`).get() as { value: string }).value,
  );

/** Papers in the library; 0 before it has been created and migrated. */
function papers(dir: string): number {
  try {
    return withDatabase(dir, (db) => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);
  } catch {
    return 0;
  }
}

describe('restore', () => {
  it('is refused while a Scholium process in this one has the library open, and goes ahead once it is closed', async () => {
    const { backup } = await libraryNamed('backup');
    const { dir } = await libraryNamed('current');
    const core = Core.open({ libraryDir: dir, mode: 'host' });
    await expect(restoreLibrary(dir, backup)).rejects.toThrow(
      `Cannot restore while Scholium has this library open: scholium serve, pid ${process.pid}. Stop it first.`,
    );
    await core.close();
    await restoreLibrary(dir, backup);
    expect(which(dir)).toBe('backup');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring-'))).toEqual([]);
  });

  it.skipIf(!fs.existsSync(scifact))(
    'is refused while a CLI import has the library open, and the import keeps every paper',
    async () => {
      const { backup } = await libraryNamed('backup');
      const dir = tempDir();
      const folder = tempDir();
      fs.writeFileSync(
        path.join(folder, 'scifact-200.jsonl'),
        fs.readFileSync(scifact, 'utf8').split('\n').slice(0, 200).join('\n'),
      );
      // --watch keeps the import's process (and the library) open until Ctrl-C, however fast the import itself is.
      const importing = startCli(dir, ['--json', 'import', '--watch', folder]);
      while (papers(dir) < 200) await new Promise((r) => setTimeout(r, 20));
      const restore = await runCli(dir, ['restore', backup]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain(
        `Cannot restore while Scholium has this library open: a scholium command, pid ${importing.child.pid}.`,
      );
      importing.child.kill('SIGINT');
      const imported = await importing.done;
      expect(imported.code, imported.stderr).toBe(0);
      expect(papers(dir)).toBe(200);
      expect(fs.readdirSync(path.join(dir, 'in-use'))).toEqual([]);
    },
    60_000,
  );

  it('refuses a backup whose recorded schema version is lower than its tables, and leaves the library alone', async () => {
    const { backup } = await libraryNamed('backup');
    const { dir } = await libraryNamed('current');
    const lying = new Database(backup);
    lying.pragma('user_version = 1');
    lying.close();
    await expect(restoreLibrary(dir, backup)).rejects.toThrow(
      /cannot be restored: its tables do not match the schema version it records \(1\).*already exists/,
    );
    expect(which(dir)).toBe('current');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring-') || f.includes('before-restore'))).toEqual([]);
  });

  it('refuses a truncated backup as damaged, and leaves the library alone', async () => {
    const { backup } = await libraryNamed('backup', 2);
    const { dir } = await libraryNamed('current');
    fs.truncateSync(backup, Math.floor(fs.statSync(backup).size / 2));
    await expect(restoreLibrary(dir, backup)).rejects.toThrow(new RegExp(`^${backup} is (damaged|not a Scholium)`));
    expect(which(dir)).toBe('current');
  });

  it('killed with SIGKILL midway leaves the library as it was; the next command says so and cleans up', async () => {
    const { backup } = await libraryNamed('backup', 40);
    const { dir } = await libraryNamed('current');
    const restore = startCli(dir, ['restore', backup]);
    const claim = path.join(dir, 'restoring.json');
    while (!fs.existsSync(claim)) {
      const ended = await Promise.race([restore.done.then(() => true), new Promise((r) => setTimeout(r, 1, false))]);
      if (ended) throw new Error('the restore ended before it could be killed');
    }
    restore.child.kill('SIGKILL');
    await restore.done;
    const next = await runCli(dir, ['--json', 'papers']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toEqual([]);
    expect(next.stderr).toMatch(/The restore of .* \(pid \d+\) was interrupted/);
    expect(['current', 'backup']).toContain(which(dir));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring-') || f === 'restoring.json')).toEqual([]);
  }, 60_000);
});
