import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent, JobSnapshot } from '../../../electron/contract/index.js';
import { installNetworkGuard, networkAttempts } from '../../../electron/core/platform/networkGuard.js';
import { sha256, startModelServer, type ModelServer } from '../../fixtures/gguf/modelServer.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { fileScopedDir, openModels, type Harness } from './harness.js';

installNetworkGuard();

const ctx = { emit: () => undefined, signal: new AbortController().signal };
const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe('downloading a model the user asked for (loopback stand-in for Hugging Face)', () => {
  let h: Harness;
  let server: ModelServer;
  let tiny: Buffer;
  let events: JobEvent[] = [];
  const downloads = (): string[] => fs.readdirSync(path.join(h.dir, 'models', 'downloads'));

  beforeAll(async () => {
    h = openModels(fileScopedDir(), { downloadIdleTimeoutMs: 2000 });
    tiny = fs.readFileSync(writeTinyLlama(path.join(h.dir, 'tiny-source.gguf')));
    server = await startModelServer({
      'scholium/tiny-GGUF/tiny-Q8_0.gguf': { body: tiny },
      'scholium/tiny-GGUF/tiny-F32.gguf': { body: tiny },
      'scholium/tiny-GGUF/nested/other-Q4_K_M.gguf': { body: tiny },
      'scholium/tiny-GGUF/lying.gguf': { body: tiny, linkedSha256: 'f'.repeat(64) },
      'scholium/tiny-GGUF/notes.gguf': { body: Buffer.from('these are notes, not a model') },
      'scholium/split-GGUF/big-Q4_0-00001-of-00002.gguf': { body: tiny },
      'scholium/split-GGUF/big-Q4_0-00002-of-00002.gguf': { body: tiny },
    });
    process.env.HF_ENDPOINT = server.base;
    h.jobs.onEvent((e) => events.push(e));
  });
  afterEach(() => {
    for (const key of Object.keys(server.behaviour)) delete server.behaviour[key as keyof typeof server.behaviour];
    server.requests.length = 0;
    events = [];
  });
  afterAll(async () => {
    delete process.env.HF_ENDPOINT;
    await server.close();
    await h.close();
  });

  /** A handler call as a promise, whether it throws at once or rejects. */
  const call = async (f: () => unknown): Promise<unknown> => f();
  const resumedFrom = (range: string | null): number => Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? NaN);

  async function run(source: string, options: { sha256?: string; name?: string } = {}): Promise<JobSnapshot> {
    const job = await h.service.handlers()['models.download']({ source, ...options }, ctx);
    return h.jobs.wait(job.jobId);
  }

  it('resumes a dropped transfer with a Range request, verifies the SHA-256 Hugging Face gives and adds the model', async () => {
    server.behaviour.dropAfter = { bytes: 200_000, times: 1 };
    const job = await run('hf:scholium/tiny-GGUF/tiny-Q8_0.gguf', { name: 'Tiny from the hub' });
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.message).toBe(`Added tiny-from-the-hub; SHA-256 ${sha256(tiny)} (verified)`);
    // The redirect, the first transfer cut at 200 000 bytes, then one more redirect and the rest from what reached the
    // disk.
    expect(server.requests.map((r) => r.path)).toEqual([
      '/scholium/tiny-GGUF/resolve/main/tiny-Q8_0.gguf',
      '/cdn/scholium/tiny-GGUF/tiny-Q8_0.gguf',
      '/scholium/tiny-GGUF/resolve/main/tiny-Q8_0.gguf',
      '/cdn/scholium/tiny-GGUF/tiny-Q8_0.gguf',
    ]);
    expect(server.requests[0]!.range).toBeNull();
    expect(resumedFrom(server.requests[3]!.range)).toBeGreaterThan(0);
    expect(resumedFrom(server.requests[3]!.range)).toBeLessThanOrEqual(200_000);
    const info = await h.service.handlers()['models.added']({ jobId: job.jobId }, ctx);
    expect(info).toMatchObject({
      modelId: 'tiny-from-the-hub',
      stored: true,
      source: 'gguf',
      architecture: 'llama',
      roles: ['chat'],
    });
    expect(info.file).toBe(path.join(h.dir, 'models', 'tiny-from-the-hub.gguf'));
    expect(fs.readFileSync(info.file).equals(tiny)).toBe(true);
    expect(downloads()).toEqual([]);
    const progress = events.filter((e) => e.jobId === job.jobId && e.type === 'progress').map((e) => e.job);
    expect(progress.some((p) => p.total === tiny.length && p.message.startsWith('Downloading tiny-Q8_0.gguf:'))).toBe(
      true,
    );
    expect(progress.some((p) => p.message === 'Checking the SHA-256 of tiny-Q8_0.gguf')).toBe(true);
    // The added model is usable: it loads in the runtime and generates.
    const result = await h.service.generate({ modelId: info.modelId, prompt: 'hello', maxTokens: 3 });
    expect(result.tokens.completion).toBe(3);
  });

  it('finds the file of a quantization (hf:user/repo:Q4_K_M) in the repository listing and checks its LFS SHA-256', async () => {
    const job = await run('hf:scholium/tiny-GGUF:q4_k_m');
    expect(job.error).toBeNull();
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/models/scholium/tiny-GGUF/tree/main',
      '/scholium/tiny-GGUF/resolve/main/nested/other-Q4_K_M.gguf',
      '/cdn/scholium/tiny-GGUF/nested/other-Q4_K_M.gguf',
    ]);
    expect((await h.service.handlers()['models.added']({ jobId: job.jobId }, ctx)).name).toBe('tiny-llama-test');

    const missing = await run('hf:scholium/tiny-GGUF:IQ2_XS');
    expect(missing.error).toBe(
      'The Hugging Face repository scholium/tiny-GGUF has no IQ2_XS GGUF. Its GGUF files: tiny-Q8_0.gguf, tiny-F32.gguf, nested/other-Q4_K_M.gguf, lying.gguf, notes.gguf.',
    );
    expect((await run('hf:scholium/split-GGUF:Q4_0')).error).toBe(
      'The Q4_0 model in scholium/split-GGUF is split into 2 files; Scholium needs a model in one file.',
    );
    expect((await run('hf:scholium/nothing-here:Q4_0')).error).toMatch(
      /^The server refused .*\/api\/models\/scholium\/nothing-here\/tree\/main\?recursive=true \(HTTP 401\): it does not exist, or it is private or gated/,
    );
  });

  it('refuses a file whose SHA-256 is not the expected one (the user’s or Hugging Face’s), keeping nothing', async () => {
    const before = (await h.service.handlers()['models.list']({}, ctx)).length;
    const wrong = 'a'.repeat(64);
    const mine = await run(`${server.base}/plain/scholium/tiny-GGUF/tiny-F32.gguf`, { sha256: wrong });
    expect(mine.state).toBe('failed');
    expect(mine.error).toBe(
      `The downloaded tiny-F32.gguf is not the expected file: its SHA-256 is ${sha256(tiny)}, expected ${wrong}. It was deleted; nothing was added.`,
    );
    const theirs = await run('hf:scholium/tiny-GGUF/lying.gguf');
    expect(theirs.error).toContain(`expected ${'f'.repeat(64)}. It was deleted; nothing was added.`);
    await expect(call(() => h.service.handlers()['models.added']({ jobId: theirs.jobId }, ctx))).rejects.toThrow(
      'added no model: The downloaded lying.gguf',
    );
    expect((await h.service.handlers()['models.list']({}, ctx)).length).toBe(before);
    expect(downloads()).toEqual([]);
    // With the right checksum from the user, the same address is fine; without any, the computed one is reported.
    expect(
      (await run(`${server.base}/plain/scholium/tiny-GGUF/tiny-F32.gguf`, { sha256: sha256(tiny).toUpperCase() }))
        .error,
    ).toBeNull();
    const unchecked = await run(`${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf`);
    expect(unchecked.message).toMatch(/; SHA-256 [0-9a-f]{64} \(no checksum was published to check it against\)$/);
  });

  it('reports a missing file (404) and a file that is not a model clearly, and adds nothing', async () => {
    const before = (await h.service.handlers()['models.list']({}, ctx)).length;
    const missing = await run('hf:scholium/tiny-GGUF/absent-Q8_0.gguf');
    expect(missing.error).toBe(
      `Nothing to download at ${server.base}/scholium/tiny-GGUF/resolve/main/absent-Q8_0.gguf: the server answered 404 (not found). Check the name of the repository and the file.`,
    );
    const notes = await run('hf:scholium/tiny-GGUF/notes.gguf');
    expect(notes.error).toBe(
      'notes.gguf cannot be used: it is not a GGUF model file (GGUF files start with the letters "GGUF"). Convert the model to GGUF first, or pick the .gguf file.',
    );
    expect((await h.service.handlers()['models.list']({}, ctx)).length).toBe(before);
    expect(downloads()).toEqual([]);
  });

  it('cancels midway keeping what arrived, and the next download of the same file resumes from there', async () => {
    server.behaviour.slow = { chunk: 16 * 1024, delayMs: 25 };
    const source = `${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf`;
    const job = await h.service.handlers()['models.download']({ source, name: 'resumed' }, ctx);
    await new Promise<void>((resolve) => {
      const stop = h.jobs.onEvent((e) => {
        if (e.jobId === job.jobId && e.job.done > 100_000) {
          stop();
          resolve();
        }
      });
    });
    h.jobs.cancel(job.jobId);
    const cancelled = await h.jobs.wait(job.jobId);
    expect(cancelled.state).toBe('cancelled');
    const [partial] = downloads();
    expect(partial).toMatch(/^tiny-Q8_0\.[0-9a-f]{12}\.gguf\.partial$/);
    const kept = fs.statSync(path.join(h.dir, 'models', 'downloads', partial!)).size;
    expect(kept).toBeGreaterThan(50_000);
    expect(kept).toBeLessThan(tiny.length);
    await expect(call(() => h.service.handlers()['models.added']({ jobId: job.jobId }, ctx))).rejects.toThrow(
      'was cancelled; nothing was added',
    );

    delete server.behaviour.slow;
    server.requests.length = 0;
    const again = await run(source, { name: 'resumed' });
    expect(again.error).toBeNull();
    expect(server.requests).toEqual([{ path: '/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf', range: `bytes=${kept}-` }]);
    expect(fs.readFileSync(path.join(h.dir, 'models', 'resumed.gguf')).equals(tiny)).toBe(true);
  });

  it('starts over when the server ignores the range', async () => {
    server.behaviour.dropAfter = { bytes: 300_000, times: 1 };
    server.behaviour.ignoreRange = true;
    const job = await run(`${server.base}/plain/scholium/tiny-GGUF/tiny-F32.gguf`, { name: 'restarted' });
    expect(job.error).toBeNull();
    expect(server.requests[0]!.range).toBeNull();
    expect(resumedFrom(server.requests[1]!.range)).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(h.dir, 'models', 'restarted.gguf')).equals(tiny)).toBe(true);
  });

  it('only checks a partial file that is already whole (the server answers 416 to its range)', async () => {
    const source = `${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf`;
    const key = crypto.createHash('sha256').update(source).digest('hex').slice(0, 12);
    fs.mkdirSync(path.join(h.dir, 'models', 'downloads'), { recursive: true });
    fs.writeFileSync(path.join(h.dir, 'models', 'downloads', `tiny-Q8_0.${key}.gguf.partial`), tiny);
    const job = await run(source, { name: 'whole', sha256: sha256(tiny) });
    expect(job.error).toBeNull();
    expect(server.requests).toEqual([
      { path: '/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf', range: `bytes=${tiny.length}-` },
    ]);
    expect(fs.readFileSync(path.join(h.dir, 'models', 'whole.gguf')).equals(tiny)).toBe(true);
  });

  it('refuses malformed sources at once, and a second download of a source already downloading', async () => {
    const download = (source: string): Promise<unknown> =>
      call(() => h.service.handlers()['models.download']({ source }, ctx));
    await expect(download('http://models.example.com/x.gguf')).rejects.toThrow(
      'only https:// addresses can be downloaded from (plain http only from this computer)',
    );
    await expect(download('https://example.com/model.bin')).rejects.toThrow('the address does not end in .gguf');
    await expect(download('hf:someone')).rejects.toThrow(
      'write hf:<user>/<repo>/<file.gguf> for a file, or hf:<user>/<repo>:<quantization>',
    );
    await expect(download('hf:someone/repo/../../etc/x.gguf')).rejects.toThrow('may not contain "." or ".." parts');
    await expect(download('hf:someone/repo/README.md')).rejects.toThrow('README.md is not a .gguf file');
    server.behaviour.slow = { chunk: 16 * 1024, delayMs: 25 };
    const source = `${server.base}/plain/scholium/tiny-GGUF/tiny-F32.gguf`;
    const first = await h.service.handlers()['models.download']({ source }, ctx);
    await expect(download(source)).rejects.toThrow('is already being downloaded');
    h.jobs.cancel(first.jobId);
    await h.jobs.wait(first.jobId);
  });

  it('reaches beyond this computer only through allowNetwork, with the user’s request as the recorded reason', async () => {
    const before = networkAttempts().length;
    // TEST-NET-3 is unroutable: the attempt is let through (and fails on its own), recorded as allowed.
    const job = await run('https://203.0.113.9:9/models/x.gguf');
    expect(job.state).toBe('failed');
    // How it fails depends on what lies between this computer and that address; that it was let through is what counts.
    expect(job.error).toMatch(/203\.0\.113\.9|x\.gguf/);
    expect(networkAttempts().slice(before)[0]).toMatchObject({
      kind: 'connect',
      target: '203.0.113.9:9',
      allowed: true,
      reason: 'model download requested by the user: https://203.0.113.9:9/models/x.gguf',
    });
    // The same kind of request outside a download is refused (node:https passes path: null, which once slipped past the
    // guard).
    const blocked = await new Promise<string>((resolve) => {
      const req = https.request(new URL('https://203.0.113.9:9/models/x.gguf'), { agent: false }, () =>
        resolve('answered'),
      );
      req.on('error', (e) => resolve(e.message));
      req.end();
    });
    expect(blocked).toBe(
      'Scholium works offline: a connection to 203.0.113.9:9 was blocked because no download was requested and no model server there is configured.',
    );
    // The download module is the only caller of allowNetwork in the app.
    const callers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && /\ballowNetwork\(/.test(fs.readFileSync(file, 'utf8')))
          callers.push(path.relative(repoRoot, file));
      }
    };
    walk(path.join(repoRoot, 'electron'));
    expect(callers.sort()).toEqual([
      'electron/core/models/download/httpTransfer.ts',
      'electron/core/platform/networkGuard.ts',
    ]);
  });
});
