import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { CITE_DESIGN, DEFAULT_DESIGN } from '../../../electron/core/ask/answer/answerDesign.js';
import { splitSentences } from '../../../electron/core/ask/citations/sentences.js';
import { LoopDetector } from '../../../electron/core/models/runtime/loopDetector.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

/**
 * Answers held to the grammar, with a tiny model whose forcing adapters push one piece at every step: what the
 * grammar lets through is what the answer can be, whatever the model prefers.
 */
const PIECES = ['▁[1].', '▁[9].', '“'];
const QUESTION = 'Which transaction does the deadlock detector abort?';

let lib: AskLibrary;
let modelId: string;
const force: Record<string, string> = {};

beforeAll(async () => {
  lib = await openAskLibrary();
  const vocab = tinyVocab(TINY.vocab, PIECES);
  const model = writeTinyLlama(path.join(lib.dir, 'tiny-grounded.gguf'), { extraPieces: PIECES, contextLength: 2048 });
  modelId = unwrap(await lib.core.invoke('models.add', { path: model, name: 'tiny-grounded' })).modelId;
  for (const piece of [...PIECES, '▁a']) {
    const file = writeForcingAdapter(path.join(lib.dir, `force-${vocab.tokens.indexOf(piece)}.gguf`), {
      token: vocab.tokens.indexOf(piece),
    });
    force[piece] = unwrap(await lib.core.invoke('adapters.add', { path: file, name: `force ${piece}` })).adapterId;
  }
});
afterAll(async () => {
  await lib.close();
});

const ask = (piece: string, question = QUESTION) =>
  lib.ask({ question, modelId, adapters: [{ id: force[piece]!, scale: 1 }], k: 3 });

const CITE = CITE_DESIGN;

describe('answers held to the citation grammar (tiny GGUF written by the test)', () => {
  beforeEach(() => {
    lib.core.ask.design = CITE;
  });
  afterEach(() => {
    lib.core.ask.design = DEFAULT_DESIGN;
  });

  it('ends every sentence with a passage number given, within the sentences the question calls for', async () => {
    const { answer, events } = await ask('▁[1].');
    expect(answer.mode).toBe('generated');
    const sentences = splitSentences(answer.answer);
    // "Which …?" asks for a name: two sentences at most.
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.length).toBeLessThanOrEqual(2);
    for (const s of sentences) expect(s.text).toMatch(/\S \[1\]\.$/);
    expect(answer.citations.length).toBe(sentences.length);
    expect(answer.citations.every((c) => c.n === 1 && c.passageId === answer.passages[0]!.passageId)).toBe(true);
    // The text streamed as it was written, and the evidence came before the first token.
    const tokens = events.filter((e) => e.type === 'token');
    expect(tokens.map((e) => (e.type === 'token' ? e.text : '')).join('')).toBe(answer.answer);
    const evidence = events.findIndex((e) => e.type === 'evidence');
    expect(evidence).toBeGreaterThanOrEqual(0);
    expect(evidence).toBeLessThan(events.indexOf(tokens[0]!));
    expect(events[evidence]).toMatchObject({
      type: 'evidence',
      extractive: expect.stringContaining('youngest transaction'),
      sentences: expect.arrayContaining([{ n: 1, text: expect.stringContaining('deadlock detector') }]),
    });
  });

  it('by default writes only evidence sentences, verbatim, each with its own passage: every citation verified', async () => {
    lib.core.ask.design = DEFAULT_DESIGN;
    // The tiny model spells a quotation nearly a character a token: room for one whole.
    unwrap(await lib.core.invoke('models.setGenerationSettings', { maxAnswerTokens: 400 }));
    try {
      // Pushed to open a quotation (rather than a decline); what follows is the grammar's.
      const { answer } = await ask('“');
      expect(answer.mode).toBe('generated');
      const sentences = splitSentences(answer.answer);
      expect(sentences.length).toBeGreaterThan(0);
      for (const s of sentences) expect(s.text).toMatch(/^“[^“”]+” \[\d\]$/);
      // It opens with the best evidence found, whatever the model prefers.
      expect(sentences[0]!.text).toMatch(/^“A deadlock detector .*youngest transaction in the cycle\.” \[1\]$/);
      expect(answer.citations.length).toBe(sentences.length);
      expect(answer.citations.every((c) => c.status === 'verified')).toBe(true);
    } finally {
      unwrap(await lib.core.invoke('models.setGenerationSettings', { maxAnswerTokens: null }));
    }
  });

  it('never lets a model cite a passage number it was not given', async () => {
    const { answer } = await ask('▁[9].');
    expect(answer.answer).not.toContain('[9]');
    expect(answer.citations.some((c) => c.status === 'invalid')).toBe(false);
    // The same adapter with the free-text design does write the invalid number.
    lib.core.ask.design = { ...CITE, grammar: null };
    const free = await ask('▁[9].');
    expect(free.answer.citations.some((c) => c.status === 'invalid' && c.n === 9)).toBe(true);
  });

  it('stops an answer that repeats itself, cuts the repeat and says so', async () => {
    lib.core.ask.design = { ...CITE, grammar: null };
    const { answer } = await ask('▁a', 'Why does the deadlock detector abort the youngest transaction?');
    expect(answer.stopReason).toBe('loop');
    expect(answer.notes.join(' ')).toMatch(/began repeating itself/);
    // Cut where the repeat began: what is left does not repeat itself.
    expect(answer.answer.split(/\s+/).length).toBeGreaterThanOrEqual(14);
    expect(new LoopDetector().push(`${answer.answer} `)).toBeNull();
  });
});
