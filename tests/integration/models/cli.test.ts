import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256, startModelServer } from '../../fixtures/gguf/modelServer.js';
import { writeTinyBertFolder } from '../../fixtures/gguf/tinyBert.js';
import { writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/scholium.js');

/** Runs the compiled CLI (npm run build:node first), creating the library on first use. */
function scholium(library: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, '--library', library, '--create', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking this process (which serves the downloads). */
function scholiumAsync(
  library: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '--library', library, '--create', ...args],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

function json<T>(r: { code: number | null; stdout: string }): T {
  return JSON.parse(r.stdout) as T;
}

describe('scholium models / adapters', () => {
  it('adds, lists, sets defaults and removes, with --json and human output', () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    const model = writeTinyLlama(path.join(dir, 'tiny.gguf'));
    const adapter = writeForcingAdapter(path.join(dir, 'force.gguf'), { token: 300 });

    const added = scholium(lib, '--json', 'models', 'add', model, '--copy', '--name', 'Tiny Llama');
    expect(added.code).toBe(0);
    const info = json<{ modelId: string; file: string; stored: boolean; roles: string[]; memory: { fits: boolean } }>(
      added,
    );
    expect(info).toMatchObject({
      modelId: 'tiny-llama',
      stored: true,
      roles: ['chat'],
      memory: { fits: true },
    });
    expect(info.file).toBe(path.join(lib, 'models', 'tiny-llama.gguf'));
    expect(fs.readFileSync(info.file).equals(fs.readFileSync(model))).toBe(true);

    expect(json(scholium(lib, '--json', 'models', 'default', 'chat', 'tiny-llama'))).toEqual({
      chat: 'tiny-llama',
      embedding: null,
      reranker: null,
    });
    expect(scholium(lib, 'models', 'list').stdout).toContain('tiny-llama  [default chat]');
    expect(json(scholium(lib, '--json', 'models', 'rename', 'tiny-llama', 'My tiny model'))).toMatchObject({
      modelId: 'tiny-llama',
      name: 'My tiny model',
    });
    expect(scholium(lib, 'models', 'list').stdout).toContain('  My tiny model: llama,');
    expect(scholium(lib, 'models', 'settings', '--temperature', '0.5', '--max-tokens', '300').stdout).toBe(
      'temperature: 0.5\nlongest answer: 300 tokens\nrepeat penalty: 1.1 (auto)\n' +
        "context: 4096 tokens (auto), capped by each model's own\n",
    );
    expect(json(scholium(lib, '--json', 'models', 'settings', '--max-tokens', 'auto'))).toEqual({
      temperature: 0.5,
      maxAnswerTokens: null,
      repeatPenalty: null,
      contextTokens: null,
    });
    // The model offered as an adapter is named for what it is, not "already registered".
    expect(scholium(lib, 'adapters', 'add', info.file).stderr).toBe(
      `scholium: ${info.file} is the model "tiny-llama", not a LoRA adapter.\n`,
    );

    const a = json<{ adapterId: string; compatibility: unknown[] }>(
      scholium(lib, '--json', 'adapters', 'add', adapter),
    );
    expect(a.compatibility).toEqual([{ modelId: 'tiny-llama', compatible: true, reason: null }]);
    expect(scholium(lib, 'adapters', 'list').stdout).toContain('fits: tiny-llama');
    expect(scholium(lib, 'models', 'add', adapter).stderr).toBe(
      `scholium: ${adapter} is the LoRA adapter "${a.adapterId}", not a model.\n`,
    );
    expect(json(scholium(lib, '--json', 'adapters', 'remove', a.adapterId))).toEqual({ removed: true });
    expect(fs.existsSync(adapter)).toBe(true);

    expect(json(scholium(lib, '--json', 'models', 'remove', 'tiny-llama'))).toEqual({ removed: true });
    expect(fs.existsSync(info.file)).toBe(false);
    expect(json(scholium(lib, '--json', 'models', 'list'))).toEqual([]);
  });

  it('setting the embedding model embeds the library before the command returns, and clearing it leaves the vectors', () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    const notes = path.join(dir, 'notes.md');
    fs.writeFileSync(
      notes,
      '# Trees\n\nOaks and beeches shade the forest floor.\n\n# Rivers\n\nRivers carry silt to the sea.\n',
    );
    expect(scholium(lib, '--json', 'import', notes).code).toBe(0);
    const chat = json<{ modelId: string }>(
      scholium(lib, '--json', 'models', 'add', writeTinyLlama(path.join(dir, 'tiny.gguf'))),
    );
    // A chat model is not an embedder: refused, saying what is.
    const refused = scholium(lib, 'models', 'default', 'embedding', chat.modelId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot serve as the embedding model; it can serve as: chat.');
    const model = writeTinyLlama(path.join(dir, 'tiny-embedder.gguf'), { pooling: true });
    const { modelId } = json<{ modelId: string }>(scholium(lib, '--json', 'models', 'add', model));
    const embedded = (): { all: number; done: number } => {
      const db = new Database(path.join(lib, 'library.sqlite'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) AS "all", coalesce(sum(embedded), 0) AS done FROM passages').get() as {
          all: number;
          done: number;
        };
      } finally {
        db.close();
      }
    };
    expect(embedded().done).toBe(0);
    const set = scholium(lib, '--json', 'models', 'default', 'embedding', modelId);
    expect(set.code, set.stderr).toBe(0);
    expect(json(set)).toMatchObject({ embedding: modelId });
    const counts = embedded();
    expect(counts.all).toBeGreaterThan(0);
    expect(counts.done).toBe(counts.all);
    expect(scholium(lib, '--json', 'models', 'default', 'embedding', 'none').code).toBe(0);
    expect(embedded().done).toBe(counts.all);
  });

  it('fails with a clear message and a non-zero exit on bad input', () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    const notes = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notes, 'not a model');
    const bad = scholium(lib, 'models', 'add', notes);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'scholium: notes.gguf cannot be used: it is not a GGUF model file (GGUF files start with the letters "GGUF"). Convert the model to GGUF first, or pick the .gguf file.\n',
    );
    const role = scholium(lib, '--json', 'models', 'default', 'writer', 'x');
    expect(role.code).toBe(1);
    expect(json(role)).toEqual({
      error: { code: 'INVALID_REQUEST', message: 'The role must be one of: chat, embedding, reranker (got "writer")' },
    });
    const missing = scholium(lib, '--json', 'models', 'remove', 'ghost');
    expect(json(missing)).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'No model "ghost" is registered. Add one with "scholium models add <file.gguf>".',
      },
    });
    const noAdapter = scholium(lib, '--json', 'adapters', 'remove', 'ghost');
    expect(json(noAdapter)).toEqual({ error: { code: 'NOT_FOUND', message: 'No adapter "ghost" is registered.' } });
  });

  it('downloads a model (hf: and https addresses, --sha256) and converts a sentence-transformers folder', async () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    const tiny = fs.readFileSync(writeTinyLlama(path.join(dir, 'tiny.gguf')));
    const server = await startModelServer({ 'scholium/tiny-GGUF/tiny-Q8_0.gguf': { body: tiny } });
    const env = { HF_ENDPOINT: server.base };
    try {
      const hub = await scholiumAsync(
        lib,
        env,
        '--json',
        'models',
        'add',
        'hf:scholium/tiny-GGUF/tiny-Q8_0.gguf',
        '--name',
        'Hub Tiny',
      );
      expect(hub.stderr).toBe('');
      expect(json<{ modelId: string; stored: boolean; file: string }>(hub)).toMatchObject({
        modelId: 'hub-tiny',
        stored: true,
        file: path.join(lib, 'models', 'hub-tiny.gguf'),
      });

      const wrong = await scholiumAsync(
        lib,
        env,
        'models',
        'add',
        `${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf`,
        '--sha256',
        '0'.repeat(64),
      );
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        `scholium: Downloading ${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf added no model: The downloaded tiny-Q8_0.gguf is not the expected file: its SHA-256 is ${sha256(tiny)}, expected ${'0'.repeat(64)}. It was deleted; nothing was added.\n`,
      );
      const right = await scholiumAsync(
        lib,
        env,
        'models',
        'add',
        `${server.base}/plain/scholium/tiny-GGUF/tiny-Q8_0.gguf`,
        '--sha256',
        sha256(tiny),
        '--name',
        'checked',
      );
      expect(right.code).toBe(0);
      expect(right.stderr).toBe(`Added checked; SHA-256 ${sha256(tiny)} (verified)\n`);
      expect(right.stdout).toMatch(/^Added checked\n {2}checked: llama, 148K parameters/);

      const missing = await scholiumAsync(lib, env, '--json', 'models', 'add', 'hf:scholium/tiny-GGUF/nope.gguf');
      expect(missing.code).toBe(1);
      expect(json<{ error: { code: string; message: string } }>(missing).error.message).toContain(
        'the server answered 404 (not found)',
      );

      const folder = writeTinyBertFolder(path.join(dir, 'mini-bert'));
      const converted = await scholiumAsync(lib, env, '--json', 'models', 'add', folder);
      expect(json(converted)).toMatchObject({
        modelId: 'mini-bert',
        source: 'sentence-transformers',
        roles: ['embedding'],
      });
      expect(json<Array<{ modelId: string }>>(scholium(lib, '--json', 'models', 'list')).map((m) => m.modelId)).toEqual(
        ['hub-tiny', 'checked', 'mini-bert'],
      );
    } finally {
      await server.close();
    }
  });
});
