import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { addForcing, addTinyChat, fileScopedDir, openModels, TOKEN_A, type Harness } from './harness.js';
import { refusal } from '../../helpers/refusal.js';

const messages = [{ role: 'user' as const, content: 'summarise the method' }];
const ctx = { emit: () => undefined, signal: new AbortController().signal };

describe('bad inputs and runtime failures leave the service and the loaded model usable', () => {
  let h: Harness;
  let base: string;

  beforeAll(async () => {
    h = openModels(fileScopedDir());
    await addTinyChat(h);
    base = (await h.service.generate({ messages, maxTokens: 10 })).text;
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses each bad file with a clear error while the model stays loaded', async () => {
    const pid = h.service.runtime.pid;
    const handlers = h.service.handlers();
    const dir = h.dir;
    const full = fs.readFileSync(writeTinyLlama(path.join(dir, 'whole.gguf')));
    fs.writeFileSync(path.join(dir, 'truncated.gguf'), full.subarray(0, 300_000));
    fs.writeFileSync(path.join(dir, 'paper.pdf'), '%PDF-1.7 not a model');
    writeTinyLlama(path.join(dir, 'no-heads.gguf'), { omitKeys: ['llama.attention.head_count'] });
    const add = (file: string): Promise<unknown> =>
      Promise.resolve(handlers['models.add']({ path: path.join(dir, file), copy: false }, ctx));
    expect((await refusal(add('truncated.gguf'))).message).toContain('truncated');
    expect((await refusal(add('paper.pdf'))).message).toContain('not a GGUF model file');
    expect((await refusal(add('no-heads.gguf'))).message).toContain('llama.attention.head_count is missing');
    expect((await refusal(add('absent.gguf'))).code).toBe('NOT_FOUND');
    const adapterAdd = (file: string): Promise<unknown> =>
      Promise.resolve(handlers['adapters.add']({ path: file, copy: false }, ctx));
    expect((await refusal(adapterAdd(path.join(dir, 'whole.gguf')))).message).toContain(
      'it is a model, not an adapter',
    );

    // Adapters that register fine but do not fit the model are refused when used, with the reason.
    const qwen = await addForcing(h, 'qwen-adapter', { token: TOKEN_A, architecture: 'qwen3' });
    const wide = await addForcing(h, 'wide-adapter', { token: TOKEN_A, wrongShape: true });
    const list = await handlers['adapters.list']({}, ctx);
    expect(list.find((a) => a.adapterId === qwen)!.compatibility).toEqual([
      {
        modelId: 'tiny',
        compatible: false,
        reason:
          'This adapter was trained for a qwen3 model, but tiny is a llama model; adapters only work on the model family they were trained on.',
      },
    ]);
    const e1 = await refusal(h.service.generate({ messages, adapters: [{ id: qwen, scale: 1 }] }));
    expect(e1).toMatchObject({ code: 'INVALID_MODEL' });
    expect(e1.message).toContain(
      'Adapter qwen-adapter cannot be used with tiny. This adapter was trained for a qwen3 model',
    );
    const e2 = await refusal(h.service.generate({ messages, adapters: [{ id: wide, scale: 1 }] }));
    expect(e2.message).toContain('expects output.weight to be 72×512, but in tiny it is 64×512');
    expect((await refusal(h.service.generate({ messages, adapters: [{ id: 'nope', scale: 1 }] }))).code).toBe(
      'NOT_FOUND',
    );

    // A registered adapter whose file disappeared.
    const gone = await addForcing(h, 'gone-adapter', { token: TOKEN_A });
    fs.rmSync(path.join(dir, 'gone-adapter.gguf'));
    expect((await refusal(h.service.generate({ messages, adapters: [{ id: gone, scale: 1 }] }))).message).toContain(
      'is gone',
    );

    expect(h.service.runtime.pid).toBe(pid);
    expect((await h.service.generate({ messages, maxTokens: 10 })).text).toBe(base);
  });

  it('a file that would abort llama.cpp only takes the runtime down; it restarts and the model works again', async () => {
    const broken = writeTinyLlama(path.join(h.dir, 'raw-broken.gguf'), { omitKeys: ['llama.feed_forward_length'] });
    const crashes: string[] = [];
    const off = h.service.runtime.onCrash((r) => crashes.push(r.message));
    // Straight to the runtime, skipping the validation every normal load goes through.
    const e = await refusal(
      h.service.runtime.call(
        'load',
        { modelId: 'raw', file: broken, contextSize: 256 },
        { during: 'loading raw-broken' },
      ),
    );
    off();
    expect(e.code).toBe('MODEL_RUNTIME');
    expect(e.message).toMatch(
      /^The model runtime stopped unexpectedly \(llama\.cpp aborted \(exit code 134\)\) while loading raw-broken\. Scholium itself is fine; the runtime restarts on the next request\. Last output: .*GGML_ASSERT/,
    );
    expect(crashes).toEqual([e.message]);
    expect((await h.service.generate({ messages, maxTokens: 10 })).text).toBe(base);
    const status = await h.service.status();
    expect(status).toMatchObject({ state: 'ready', restarts: 1, lastCrash: e.message });
  });

  it('reports a runtime killed mid-generation, then restarts on the next request', async () => {
    const pid = h.service.runtime.pid!;
    const pending = h.service.generate({
      messages,
      maxTokens: 100_000,
      onToken: () => {
        process.kill(pid, 'SIGKILL');
      },
    });
    const e = await refusal(pending);
    expect(e.message).toContain('stopped unexpectedly (it was killed (SIGKILL)) while generating with tiny');
    const again = await h.service.generate({ messages, maxTokens: 10 });
    expect(again.text).toBe(base);
    expect(h.service.runtime.pid).not.toBe(pid);
    expect((await h.service.status()).restarts).toBe(2);
  });

  it('stops a load that takes too long', async () => {
    const slow = openModels(fileScopedDir(), { loadTimeoutMs: 1 });
    try {
      await addTinyChat(slow);
      const e = await refusal(slow.service.generate({ messages, maxTokens: 4 }));
      expect(e.code).toBe('MODEL_RUNTIME');
      expect(e.message).toBe('The model runtime was stopped because loading tiny took longer than 0 s.');
      expect(slow.service.runtime.state).toBe('stopped');
    } finally {
      await slow.close();
    }
  });

  it('stops gracefully on close', async () => {
    const other = openModels(fileScopedDir());
    await addTinyChat(other);
    await other.service.generate({ messages, maxTokens: 2 });
    const pid = other.service.runtime.pid!;
    await other.close();
    expect(other.service.runtime.state).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
