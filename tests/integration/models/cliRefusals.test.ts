import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTinyLlama, writeTinyReranker } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { runCli } from '../library/cliProcess.js';

describe('models given on the command line', () => {
  it('refuses a model that cannot chat as ask --model, and says it registered the file', async () => {
    const dir = tempDir();
    const reranker = writeTinyReranker(path.join(tempDir(), 'tiny-reranker.gguf'));
    const r = await runCli(dir, ['ask', 'What is measured?', '--model', reranker]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^scholium: added .*tiny-reranker\.gguf to the library's models as "([^"]+)" \(scholium models remove \1\)\.$/m,
    );
    expect(r.stderr).toMatch(/cannot serve as the chat model; it can serve as: reranker\.$/m);
  });

  it('says a model given as --adapter is a model, not an adapter', async () => {
    const dir = tempDir();
    const chat = writeTinyLlama(path.join(tempDir(), 'tiny-chat.gguf'));
    const r = await runCli(dir, ['ask', 'What is measured?', '--model', chat, '--adapter', chat]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^scholium: .*tiny-chat\.gguf is the model "[^"]+", not a LoRA adapter\.$/m);
  });

  it('calls a pipe named .gguf what it is, not a folder', async () => {
    const fifo = path.join(tempDir(), 'pipe.gguf');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(tempDir(), ['models', 'add', fifo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it is not a regular file (a device, pipe or socket), not a GGUF file.');
  });
});
