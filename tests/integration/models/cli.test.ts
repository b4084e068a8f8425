import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/scholium.js');

/** Runs the compiled CLI (npm run build:node first). */
function scholium(library: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, '--library', library, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
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
    const info = json<{ modelId: string; file: string; stored: boolean; roles: string[]; memory: { fits: boolean } }>(added);
    expect(info).toMatchObject({ modelId: 'tiny-llama', stored: true, roles: ['chat', 'embedding'], memory: { fits: true } });
    expect(info.file).toBe(path.join(lib, 'models', 'tiny-llama.gguf'));
    expect(fs.readFileSync(info.file).equals(fs.readFileSync(model))).toBe(true);

    expect(json(scholium(lib, '--json', 'models', 'default', 'chat', 'tiny-llama'))).toEqual({ chat: 'tiny-llama', embedding: null, reranker: null });
    expect(scholium(lib, 'models', 'list').stdout).toContain('tiny-llama  [default chat]');

    const a = json<{ adapterId: string; compatibility: unknown[] }>(scholium(lib, '--json', 'adapters', 'add', adapter));
    expect(a.compatibility).toEqual([{ modelId: 'tiny-llama', compatible: true, reason: null }]);
    expect(scholium(lib, 'adapters', 'list').stdout).toContain('fits: tiny-llama');
    expect(json(scholium(lib, '--json', 'adapters', 'remove', a.adapterId))).toEqual({ removed: true });
    expect(fs.existsSync(adapter)).toBe(true);

    expect(json(scholium(lib, '--json', 'models', 'remove', 'tiny-llama'))).toEqual({ removed: true });
    expect(fs.existsSync(info.file)).toBe(false);
    expect(json(scholium(lib, '--json', 'models', 'list'))).toEqual([]);
  });

  it('fails with a clear message and a non-zero exit on bad input', () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    const notes = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notes, 'not a model');
    const bad = scholium(lib, 'models', 'add', notes);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('scholium: notes.gguf cannot be used: it is not a GGUF model file (GGUF files start with the letters "GGUF"). Convert the model to GGUF first, or pick the .gguf file.\n');
    const role = scholium(lib, '--json', 'models', 'default', 'writer', 'x');
    expect(role.code).toBe(1);
    expect(json(role)).toEqual({ error: { code: 'INVALID_REQUEST', message: 'The role must be one of: chat, embedding, reranker (got "writer")' } });
    const missing = scholium(lib, '--json', 'models', 'remove', 'ghost');
    expect(json<{ error: { code: string } }>(missing).error.code).toBe('NOT_FOUND');
  });
});
