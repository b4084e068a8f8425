import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedModel } from '../../fixtures/gguf/modelCache.js';
import { fileScopedDir, openModels, type Harness } from './harness.js';

const ctx = { emit: () => undefined, signal: new AbortController().signal };
const chat = cachedModel('base');
const embedding = cachedModel('embedding');
if (chat.file === null) console.warn(`Skipping the Gemma 3 270M tests: ${chat.reason}`);
if (embedding.file === null) console.warn(`Skipping the all-MiniLM-L6-v2 tests: ${embedding.reason}`);

describe.skipIf(chat.file === null && embedding.file === null)('small real models from the cache', () => {
  let h: Harness;
  beforeAll(() => {
    h = openModels(fileScopedDir(), { threads: undefined, contextTokens: 2048 });
  });
  afterAll(async () => {
    await h.close();
  });

  it.skipIf(chat.file === null)(
    'Gemma 3 270M (base model, no chat template): validated, described, completes and chats, streaming',
    async () => {
      const info = await h.service
        .handlers()
        ['models.add']({ path: chat.file!, copy: false, name: 'gemma-3-270m' }, ctx);
      expect(info).toMatchObject({
        architecture: 'gemma3',
        quantization: 'Q4_K_M',
        chatTemplate: false,
        roles: ['chat'],
        parameters: '268M',
      });
      expect(info.contextLength).toBe(32768);
      await h.service.handlers()['models.setDefault']({ role: 'chat', modelId: info.modelId }, ctx);
      const completion = await h.service.generate({
        prompt: 'Germany: Berlin\nItaly: Rome\nSpain: Madrid\nFrance:',
        maxTokens: 3,
      });
      expect(completion.text).toMatch(/^ Paris/);
      const tokens: string[] = [];
      const answer = await h.service.generate({
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
        maxTokens: 12,
        onToken: (t) => tokens.push(t),
      });
      expect(answer.text.length).toBeGreaterThan(0);
      expect(tokens.join('')).toBe(answer.text);
      expect(answer.model).toEqual({ id: 'gemma-3-270m', name: 'gemma-3-270m' });
      expect(h.service.contextSize()).toBe(2048);
      expect((await h.service.countTokens(['Paris is the capital of France.']))[0]).toBeGreaterThan(5);
    },
  );

  it.skipIf(embedding.file === null)(
    'all-MiniLM-L6-v2 converted to GGUF: similar sentences are close, unrelated ones are not',
    async () => {
      const info = await h.service
        .handlers()
        ['models.add']({ path: embedding.file!, copy: false, name: 'all-MiniLM-L6-v2' }, ctx);
      expect(info).toMatchObject({ architecture: 'bert', embeddingLength: 384, roles: ['embedding'] });
      const embedder = h.service.embedder(info.modelId);
      const [food, bread, movie, great, monkey] = await embedder.embed([
        'A man is eating food.',
        'A man is eating a piece of bread.',
        'The new movie is awesome.',
        'The new movie is so great.',
        'A monkey is playing drums.',
      ]);
      const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
      // sentence-transformers gives 0.755 and 0.893 for these pairs with the original PyTorch model.
      expect(cos(food!, bread!)).toBeCloseTo(0.755, 1);
      expect(cos(movie!, great!)).toBeCloseTo(0.89, 1);
      for (const [a, b] of [
        [food, movie],
        [bread, great],
        [monkey, movie],
      ] as const)
        expect(Math.abs(cos(a!, b!))).toBeLessThan(0.15);
    },
  );
});
