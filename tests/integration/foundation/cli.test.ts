import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/scholium.js');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `scholium serve` and resolves with its parsed --json banner. */
function serve(
  args: string[],
): Promise<{ child: ReturnType<typeof spawn>; banner: { url: string; port: number; libraryDir: string } }> {
  const child = spawn(process.execPath, [bin, '--json', ...args, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += String(c);
      try {
        resolve({ child, banner: JSON.parse(out) as { url: string; port: number; libraryDir: string } });
      } catch {
        // not complete yet
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}${err}`)));
  });
}

describe('scholium CLI', () => {
  it('prints its version as JSON', () => {
    const r = run(['--json', 'version']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'scholium', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('prints its version for --version and -V, whatever --library says', () => {
    for (const flag of ['--version', '-V']) {
      const r = run(['--library', path.join(tempDir(), 'nowhere'), flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('refuses a --library or SCHOLIUM_HOME folder that does not exist unless told to --create it', () => {
    const mistyped = path.join(tempDir(), 'libary');
    const refused = run(['--library', mistyped, 'papers']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `scholium: There is no library at ${mistyped}. Check the path, or add --create to start a new library there.\n`,
    );
    expect(JSON.parse(run(['--json', 'papers'], { SCHOLIUM_HOME: mistyped }).stdout)).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(fs.existsSync(mistyped)).toBe(false);

    const created = run(['--library', mistyped, '--create', '--json', 'papers']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual([]);
    expect(fs.existsSync(path.join(mistyped, 'library.sqlite'))).toBe(true);
    // Once it exists, it opens without --create.
    expect(run(['--library', mistyped, 'papers']).code).toBe(0);
  });

  it('doctor reports native modules, sqlite-vec, the llama backend and the library from SCHOLIUM_HOME', () => {
    const dir = tempDir();
    const r = run(['--json', 'doctor'], { SCHOLIUM_HOME: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.library.dir).toBe(dir);
    expect(report.library.writable).toBe(true);
    expect(report.sqlite.vec).toMatch(/^v0\.1\./);
    expect(report.sqlite.fts5).toBe(true);
    expect(report.nativeModules.map((m: { name: string; loaded: boolean }) => `${m.name}:${m.loaded}`)).toEqual([
      'better-sqlite3:true',
      'sqlite-vec:true',
    ]);
    expect(report.llama.loaded).toBe(true);
    expect(['cpu', 'cuda', 'vulkan', 'metal']).toContain(report.llama.backend);
  });

  it('fails with a clear message and a non-zero code on an unwritable library', () => {
    const file = path.join(tempDir(), 'plain-file');
    spawnSync('touch', [file]);
    const human = run(['--library', path.join(file, 'lib'), '--create', 'doctor']);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^scholium: Scholium cannot write to the library folder .*ENOTDIR/);
    const json = run(['--json', '--library', path.join(file, 'lib'), '--create', 'doctor']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'LIBRARY_UNWRITABLE' } });
  });

  it('serve prints a tokened loopback URL, and a second serve on the same library says where the first one is', async () => {
    const dir = tempDir();
    const first = await serve(['--library', dir]);
    try {
      expect(first.banner.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const second = run(['--library', dir, 'serve']);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `already being served by another Scholium (pid ${first.child.pid}) at http://127.0.0.1:${first.banner.port}/`,
      );
    } finally {
      first.child.kill('SIGTERM');
      await new Promise((r) => first.child.once('exit', r));
    }
  });

  it('rejects a bad port before starting anything', () => {
    const r = run(['--library', tempDir(), 'serve', '--port', 'eighty']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("option '--port <port>' argument 'eighty' is invalid");
  });
});
