import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { Core } from '../../../electron/core/core.js';
import { DATABASE_FILE } from '../../../electron/core/db/database.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

const QUESTION = 'Which transaction does the deadlock detector abort?';
const AUTO = { temperature: 0, maxAnswerTokens: null, repeatPenalty: null, contextTokens: null };

let lib: AskLibrary;
let modelId: string;

beforeAll(async () => {
  lib = await openAskLibrary();
  const model = writeTinyLlama(path.join(lib.dir, 'tiny.gguf'), { contextLength: 2048 });
  modelId = unwrap(await lib.core.invoke('models.add', { path: model, name: 'tiny' })).modelId;
});
afterAll(async () => {
  await lib.close();
});

describe('generation settings (Settings → Generation, scholium models settings)', () => {
  it('are kept in the library, checked by the contract, and survive reopening it', async () => {
    const { core } = lib;
    expect(unwrap(await core.invoke('models.generationSettings', {}))).toEqual(AUTO);
    const refused = await core.invoke('models.setGenerationSettings', { temperature: 3 });
    expect(refused.ok).toBe(false);
    expect(unwrap(await core.invoke('models.generationSettings', {}))).toEqual(AUTO);

    const chosen = { temperature: 0.7, maxAnswerTokens: 40, repeatPenalty: 1.3, contextTokens: 1024 };
    expect(unwrap(await core.invoke('models.setGenerationSettings', chosen))).toEqual(chosen);
    const reopened = Core.open({ libraryDir: core.libraryDir, mode: 'cli', models: { gpu: false, threads: 1 } });
    try {
      expect(unwrap(await reopened.invoke('models.generationSettings', {}))).toEqual(chosen);
    } finally {
      await reopened.close();
    }
    // A value damaged on disk reads as Scholium's choice, the others stand.
    const db = new Database(path.join(core.libraryDir, DATABASE_FILE));
    db.prepare("UPDATE settings SET value = json_set(value, '$.temperature', 'hot') WHERE key = ?").run(
      'models.generation',
    );
    db.close();
    expect(unwrap(await core.invoke('models.generationSettings', {}))).toEqual({ ...chosen, temperature: 0 });
    unwrap(await core.invoke('models.setGenerationSettings', AUTO));
  });

  it('are what Ask generates with: temperature, longest answer, repeat penalty and context size', async () => {
    const { core } = lib;
    const generate = vi.spyOn(core.models, 'generate');
    try {
      await lib.ask({ question: QUESTION, modelId, k: 3 });
      const automatic = generate.mock.calls.at(-1)![0];
      expect(automatic).toMatchObject({ temperature: 0, sampling: { repeatPenalty: { penalty: 1.1 } } });
      expect(automatic.maxTokens).toBeGreaterThan(40);
      expect(core.models.contextSize(modelId)).toBe(2048);
      expect(unwrap(await core.invoke('models.status', {})).loaded.map((m) => m.modelId)).toContain(modelId);

      unwrap(
        await core.invoke('models.setGenerationSettings', {
          temperature: 0.7,
          maxAnswerTokens: 40,
          repeatPenalty: 1.3,
          contextTokens: 1024,
        }),
      );
      // The model was loaded with the old context: it is let go, and loads with the new one when next used.
      expect(unwrap(await core.invoke('models.status', {})).loaded).toEqual([]);
      expect(core.models.contextSize(modelId)).toBe(1024);
      await lib.ask({ question: QUESTION, modelId, k: 3 });
      expect(generate.mock.calls.at(-1)![0]).toMatchObject({
        temperature: 0.7,
        maxTokens: 40,
        sampling: { repeatPenalty: { penalty: 1.3 } },
      });

      // A penalty of 1 is none at all.
      unwrap(await core.invoke('models.setGenerationSettings', { repeatPenalty: 1 }));
      await lib.ask({ question: QUESTION, modelId, k: 3 });
      expect(generate.mock.calls.at(-1)![0].sampling?.repeatPenalty).toBeUndefined();
    } finally {
      generate.mockRestore();
      unwrap(await core.invoke('models.setGenerationSettings', AUTO));
    }
  }, 120_000);
});
