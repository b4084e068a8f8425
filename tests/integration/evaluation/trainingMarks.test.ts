import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary();
});
afterAll(async () => {
  await lib.close();
});

describe('answers marked good for training', () => {
  it('a mark round-trips through conversations.get and is counted; an abstained answer cannot be marked', async () => {
    const first = (
      await lib.ask({ question: 'How does the deadlock detector choose which transaction to abort?', modelId: null })
    ).answer;
    expect(first.mode).toBe('extractive');
    expect(first.markedGood).toBe(false);
    const second = (await lib.ask({ question: 'What is the capital city of France?', modelId: null })).answer;
    expect(second.mode).toBe('abstained');
    const get = async (conversationId: string) =>
      unwrap(await lib.core.invoke('conversations.get', { conversationId })).turns.map((t) => [t.turnId, t.markedGood]);
    const turns = async () => [...(await get(first.conversationId)), ...(await get(second.conversationId))];
    expect(unwrap(await lib.core.invoke('dataset.marks', {}))).toEqual({ markedGood: 0 });

    unwrap(await lib.core.invoke('dataset.markTurn', { turnId: first.turnId, good: true }));
    // Marking twice keeps one mark.
    unwrap(await lib.core.invoke('dataset.markTurn', { turnId: first.turnId, good: true }));
    expect(await turns()).toEqual([
      [first.turnId, true],
      [second.turnId, false],
    ]);
    expect(unwrap(await lib.core.invoke('dataset.marks', {}))).toEqual({ markedGood: 1 });

    expect(await lib.core.invoke('dataset.markTurn', { turnId: second.turnId, good: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/abstained answer cannot be marked/) },
    });
    expect(await turns()).toEqual([
      [first.turnId, true],
      [second.turnId, false],
    ]);

    unwrap(await lib.core.invoke('dataset.markTurn', { turnId: first.turnId, good: false }));
    expect(await turns()).toEqual([
      [first.turnId, false],
      [second.turnId, false],
    ]);
    expect(unwrap(await lib.core.invoke('dataset.marks', {}))).toEqual({ markedGood: 0 });
  });
});
