import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScholiumError } from '../../../electron/contract/index.js';
import {
  addForcing,
  addReranker,
  addTinyChat,
  addTinyEmbedder,
  fileScopedDir,
  forcedText,
  openModels,
  TOKEN_A,
  TOKEN_B,
  type Harness,
} from './harness.js';

const messages = [{ role: 'user' as const, content: 'what does the paper claim?' }];

async function failure(promise: Promise<unknown>): Promise<ScholiumError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as ScholiumError,
  );
}

describe('model runtime process with the tiny model', () => {
  let h: Harness;
  let force: string;
  let forceHalfAlpha: string;
  let forceB: string;
  let base: string;

  beforeAll(async () => {
    h = openModels(fileScopedDir());
    await addTinyChat(h);
    force = await addForcing(h, 'force-a', { token: TOKEN_A });
    forceHalfAlpha = await addForcing(h, 'force-a-alpha2', { token: TOKEN_A, alpha: 2 });
    forceB = await addForcing(h, 'force-b', { token: TOKEN_B, strength: 20 });
    base = (await h.service.generate({ messages, maxTokens: 12 })).text;
  });
  afterAll(async () => {
    await h.close();
  });

  it('generates greedily, the same text every time, and records what produced it', async () => {
    const streamed: string[] = [];
    const result = await h.service.generate({ messages, maxTokens: 12, onToken: (t) => streamed.push(t) });
    expect(result.text).toBe(base);
    expect(result.text.length).toBeGreaterThan(4);
    expect(streamed.join('')).toBe(result.text);
    expect(result).toMatchObject({
      stopReason: 'maxTokens',
      model: { id: 'tiny', name: 'tiny' },
      adapters: [],
      tokens: { completion: 12 },
    });
    expect(result.tokens.prompt).toBe(await h.service.countChatTokens(messages));
  });

  it('applies an adapter with a scale: 1 forces its token, 0 is bit-identical to the base', async () => {
    const forced = await h.service.generate({ messages, maxTokens: 8, adapters: [{ id: force, scale: 1 }] });
    expect(forced.text).toBe(forcedText(TOKEN_A, 8));
    expect(forced.adapters).toEqual([{ id: force, name: 'force-a', scale: 1 }]);
    const off = await h.service.generate({ messages, maxTokens: 12, adapters: [{ id: force, scale: 0 }] });
    expect(off.text).toBe(base);
    // Effective scale is scale · alpha / rank: alpha 2 at scale 0.5 acts like alpha 1 at scale 1.
    const viaAlpha = await h.service.generate({
      messages,
      maxTokens: 8,
      adapters: [{ id: forceHalfAlpha, scale: 0.5 }],
    });
    expect(viaAlpha.text).toBe(forcedText(TOKEN_A, 8));
  });

  it('stacks adapters: the stronger one wins, and scaling it down hands the output back', async () => {
    const both = await h.service.generate({
      messages,
      maxTokens: 6,
      adapters: [
        { id: force, scale: 1 },
        { id: forceB, scale: 1 },
      ],
    });
    expect(both.text).toBe(forcedText(TOKEN_B, 6));
    const weakB = await h.service.generate({
      messages,
      maxTokens: 6,
      adapters: [
        { id: force, scale: 1 },
        { id: forceB, scale: 0.25 },
      ],
    });
    expect(weakB.text).toBe(forcedText(TOKEN_A, 6));
    expect(weakB.adapters.map((a) => [a.id, a.scale])).toEqual([
      [force, 1],
      [forceB, 0.25],
    ]);
  });

  it('runs different adapters for different conversations at the same time on one loaded model', async () => {
    const pid = h.service.runtime.pid;
    const [plain, withA, withB] = await Promise.all([
      h.service.generate({ messages, maxTokens: 12 }),
      h.service.generate({ messages, maxTokens: 8, adapters: [{ id: force, scale: 1 }] }),
      h.service.generate({ messages, maxTokens: 8, adapters: [{ id: forceB, scale: 1 }] }),
    ]);
    expect(plain.text).toBe(base);
    expect(withA.text).toBe(forcedText(TOKEN_A, 8));
    expect(withB.text).toBe(forcedText(TOKEN_B, 8));
    const status = await h.service.status();
    expect(status.pid).toBe(pid);
    expect(status.loaded.map((m) => m.modelId)).toEqual(['tiny']);
    expect(status.loaded[0]!.contexts).toBeLessThanOrEqual(4);
  });

  it('stops mid-generation on abort, keeping the partial text', async () => {
    const controller = new AbortController();
    const streamed: string[] = [];
    const result = await h.service.generate({
      messages,
      maxTokens: 400,
      adapters: [{ id: force, scale: 1 }],
      signal: controller.signal,
      onToken: (t) => {
        streamed.push(t);
        if (streamed.length === 3) controller.abort();
      },
    });
    expect(result.stopReason).toBe('aborted');
    expect(result.text.length).toBeGreaterThanOrEqual(3);
    expect(result.text.length).toBeLessThan(400);
    expect(result.text).toBe(forcedText(TOKEN_A, result.text.length));
    expect((await h.service.generate({ messages, maxTokens: 12 })).text).toBe(base);
  });

  it('never lets the prompt be cut to fit: too long is refused, the answer is capped instead', async () => {
    const long = [{ role: 'user' as const, content: 'word '.repeat(2000) }];
    const e = await failure(h.service.generate({ messages: long, maxTokens: 10 }));
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toMatch(/The prompt takes \d+ tokens but the model's context holds 1024/);
    const nearlyFull = [{ role: 'user' as const, content: 'ab '.repeat(320) }];
    const capped = await h.service.generate({ messages: nearlyFull, maxTokens: 500 });
    expect(capped.stopReason).toBe('contextFull');
    expect(capped.tokens.prompt + capped.tokens.completion).toBeLessThan(1024);
  });

  it('counts tokens and reports the context size', async () => {
    expect(await h.service.countTokens(['', 'ab', 'hello world'])).toEqual([0, 2, expect.any(Number)]);
    expect(h.service.contextSize()).toBe(1024);
  });

  it('embeds in batches as unit vectors, the same every time', async () => {
    await addTinyEmbedder(h);
    const embedder = h.service.embedder();
    expect(embedder).toMatchObject({ modelId: 'tiny-embedder', dimension: 64 });
    const texts = Array.from({ length: 40 }, (_, i) => `passage number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(40);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect((await embedder.embed(['passage number 0']))[0]).toEqual(vectors[0]);
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(texts, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reranks with a cross-encoder through createRankingContext', async () => {
    const reranker = await addReranker(h);
    const scores = await h.service.rank('hello', ['hello there', 'abc def', 'xyz'], reranker);
    expect(scores).toHaveLength(3);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
    expect(await h.service.rank('hello', ['hello there', 'abc def', 'xyz'], reranker)).toEqual(scores);
    await expect(h.service.rank('q', ['d'], 'tiny')).rejects.toThrow(
      'tiny cannot serve as the reranker model; it can serve as: chat.',
    );
  });
});
