import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot } from '../library/cliProcess.js';

// The library on a 3 MiB tmpfs that fills up mid-import, then the same folder
// remounted read-only: each ends with a clear error and a consistent library,
// and after making room the same import finishes. Runs in a private mount
// namespace (unshare -m), so nothing is mounted outside the test. The script
// stops at a failing mount (bash -e); the CLI's exit codes are recorded instead.

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');

function mountProblem(): string | null {
  if (!fs.existsSync(scifact)) return `SciFact is not at ${scifact}`;
  try {
    const probe = tempDir();
    execFileSync('unshare', ['-m', 'mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `this machine does not permit "unshare -m" with a tmpfs mount (root needed): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}
const problem = mountProblem();
if (problem !== null) console.warn(`Disk-full test skipped: ${problem}.`);

describe.skipIf(problem !== null)('a full or read-only library folder', () => {
  it('stops the import with a clear error, loses nothing, refuses read-only, and resumes once there is room', () => {
    const dir = tempDir();
    const slice = path.join(dir, 'scifact-1000.jsonl');
    fs.writeFileSync(slice, fs.readFileSync(scifact, 'utf8').split('\n').slice(0, 1000).join('\n'));
    const mount = path.join(dir, 'mnt');
    const out = path.join(dir, 'out');
    fs.mkdirSync(mount);
    fs.mkdirSync(out);
    const cli = `node --import tsx tests/integration/library/runCli.ts --library ${mount}/lib --create --json`;
    const check = `node --import tsx tests/integration/trust/libraryCheck.ts ${mount}/lib`;
    const script = [
      `mount -t tmpfs -o size=3m tmpfs ${mount}`,
      `{ ${cli} import ${slice} > ${out}/full.json 2> ${out}/full.err; echo $? > ${out}/full.code; } || true`,
      `${check} > ${out}/after-full.json`,
      `mount -o remount,ro ${mount}`,
      `{ ${cli} papers > ${out}/ro.json; echo $? > ${out}/ro.code; } || true`,
      `mount -o remount,rw,size=64m ${mount}`,
      `{ ${cli} import ${slice} > ${out}/resumed.json 2> ${out}/resumed.err; echo $? > ${out}/resumed.code; } || true`,
      `${check} > ${out}/after-resume.json`,
    ].join('\n');
    const run = spawnSync('unshare', ['-m', 'bash', '-e', '-c', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const read = (name: string): string => fs.readFileSync(path.join(out, name), 'utf8');

    // Full: a clear error, the import left resumable, every written paper whole.
    expect(read('full.code').trim()).toBe('1');
    expect(read('full.err')).toMatch(
      /the import stopped: The disk holding the library is full; nothing was half-written/,
    );
    const full = JSON.parse(read('full.json')) as {
      state: string;
      pending: number;
      failed: unknown[];
      imported: unknown[];
    };
    expect(full).toMatchObject({ state: 'interrupted', pending: 1, failed: [] });
    const afterFull = JSON.parse(read('after-full.json')) as { integrity: string; partial: unknown[]; papers: number };
    expect(afterFull).toMatchObject({ integrity: 'ok', partial: [] });
    expect(afterFull.papers).toBeGreaterThan(0);
    expect(afterFull.papers).toBeLessThan(1000);

    // Read-only: refused in words, nothing touched.
    expect(read('ro.code').trim()).toBe('1');
    expect(JSON.parse(read('ro.json'))).toMatchObject({
      error: {
        code: 'LIBRARY_UNWRITABLE',
        message: expect.stringMatching(/cannot write to the library folder .* \(EROFS\)/),
      },
    });

    // Room again: the same import finishes with every document.
    expect(read('resumed.code').trim(), read('resumed.err')).toBe('0');
    expect(JSON.parse(read('after-resume.json'))).toMatchObject({ integrity: 'ok', partial: [], papers: 1000 });
  }, 300_000);
});
