import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary();
}, 60_000);
afterAll(() => lib.close());

describe('saying what the library lacks', () => {
  it('declines a question about a paper when what it names is in no passage of the library', async () => {
    // On topic (trace trees, benchmarks, speedups), but the benchmark it names is nowhere in the library.
    const { answer } = await lib.ask({
      question: 'What speedup does the trace tree compiler reach on the Kraken benchmarks over the interpreter?',
      modelId: null,
    });
    expect(answer.mode).toBe('abstained');
    expect(answer.answer).toContain('no passage in it mentions “Kraken”');
    expect(answer.citations).toEqual([]);
  });

  it('answers with a note when what it names is in the library but in no passage found', async () => {
    const { answer } = await lib.ask({
      question: 'How does the trace recorder compile hot loops, compared with how Berkeley DB logs transactions?',
      modelId: null,
      scope: { paperIds: [lib.paperId('trace-trees.md')] },
    });
    expect(answer.mode).toBe('extractive');
    expect(answer.notes).toContain(
      'No passage found for this question mentions “Berkeley” or “DB”: the answer may not address them.',
    );
  });

  it('answers without a note when every name it holds is found', async () => {
    const { answer } = await lib.ask({
      question: 'How does Berkeley DB choose which transaction a deadlock detector aborts?',
      modelId: null,
    });
    expect(answer.mode).toBe('extractive');
    expect(answer.notes).toEqual([]);
  });
});
