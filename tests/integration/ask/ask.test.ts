import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { DEFAULT_DESIGN } from '../../../electron/core/ask/answer/answerDesign.js';
import { ABSTAIN_TEXT } from '../../../electron/core/ask/askService.js';
import { acceptRewrite, rewriteMessages } from '../../../electron/core/ask/retrieval/followUp.js';
import {
  TINY,
  tinyVocab,
  writeForcingAdapter,
  writeTinyLlama,
  writeTinyReranker,
} from '../../fixtures/gguf/tinyModels.js';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary();
});
afterAll(async () => {
  await lib.close();
});

describe('search', () => {
  it('ranks the passage that answers first and leaves reference lists out unless asked', async () => {
    const hits = unwrap(
      await lib.core.invoke('ask.search', { query: 'how are nested loops recorded in trace trees', k: 5 }),
    );
    expect(hits[0]?.paperId).toBe(lib.paperId('trace-trees.md'));
    expect(hits[0]?.text).toMatch(/Nested loops are handled/);
    // These names appear only in the references.
    expect(unwrap(await lib.core.invoke('ask.search', { query: 'Duesterwald Dynamo', k: 5 }))).toEqual([]);
    const withRefs = unwrap(
      await lib.core.invoke('ask.search', { query: 'Duesterwald Dynamo', k: 5, scope: { includeReferences: true } }),
    );
    expect(withRefs[0]?.section).toBe('References');
  });

  it('keeps to the scope: chosen papers, a collection, a year range; an unknown paper is an error', async () => {
    const db = lib.paperId('berkeley-db.md');
    const scoped = unwrap(
      await lib.core.invoke('ask.search', { query: 'loops loudness transactions', k: 10, scope: { paperIds: [db] } }),
    );
    expect(scoped.length).toBeGreaterThan(0);
    expect(new Set(scoped.map((h) => h.paperId))).toEqual(new Set([db]));

    const collection = unwrap(await lib.core.invoke('library.createCollection', { name: 'Audio' }));
    unwrap(
      await lib.core.invoke('library.addToCollection', {
        collectionId: collection.collectionId,
        paperIds: [lib.paperId('loudness.md')],
      }),
    );
    const inCollection = unwrap(
      await lib.core.invoke('ask.search', {
        query: 'loops loudness transactions',
        k: 10,
        scope: { collectionId: collection.collectionId },
      }),
    );
    expect(new Set(inCollection.map((h) => h.paperId))).toEqual(new Set([lib.paperId('loudness.md')]));

    // No paper has a year: a year range leaves nothing to search.
    expect(
      unwrap(
        await lib.core.invoke('ask.search', { query: 'loudness', k: 10, scope: { yearFrom: 2000, yearTo: 2020 } }),
      ),
    ).toEqual([]);
    // Once one has, a range around it keeps that paper alone (both ends inclusive), and one beside it nothing.
    unwrap(await lib.core.invoke('library.updateMetadata', { paperId: lib.paperId('loudness.md'), year: 2014 }));
    try {
      for (const range of [
        { yearFrom: 2010, yearTo: 2020 },
        { yearFrom: 2014, yearTo: 2014 },
        { yearFrom: 2014 },
        { yearTo: 2014 },
      ]) {
        const inRange = unwrap(
          await lib.core.invoke('ask.search', { query: 'loops loudness transactions', k: 10, scope: range }),
        );
        expect(new Set(inRange.map((h) => h.paperId)), JSON.stringify(range)).toEqual(
          new Set([lib.paperId('loudness.md')]),
        );
      }
      expect(
        unwrap(
          await lib.core.invoke('ask.search', {
            query: 'loops loudness transactions',
            k: 10,
            scope: { yearFrom: 2015 },
          }),
        ),
      ).toEqual([]);
      expect(
        await lib.core.invoke('ask.search', { query: 'loudness', k: 10, scope: { yearFrom: 2020, yearTo: 2010 } }),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    } finally {
      unwrap(await lib.core.invoke('library.updateMetadata', { paperId: lib.paperId('loudness.md'), year: null }));
    }
    const unknown = await lib.core.invoke('ask.search', {
      query: 'loudness',
      k: 10,
      scope: { paperIds: ['no-such-paper'] },
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reranks the fused candidates by the reranker set as default, and not when none is', async () => {
    const query = 'how are loops recorded and transactions locked';
    const fused = unwrap(await lib.core.invoke('ask.search', { query, k: 5 }));
    const rerankerId = unwrap(
      await lib.core.invoke('models.add', {
        path: writeTinyReranker(path.join(lib.dir, 'reranker.gguf')),
        name: 'tiny-reranker',
      }),
    ).modelId;
    unwrap(await lib.core.invoke('models.setDefault', { role: 'reranker', modelId: rerankerId }));
    try {
      // Every paper may fill every slot here, so the order is the reranker's alone.
      const reranked = await lib.core.ask.retriever.search(query, {
        k: 5,
        scope: { papers: null, references: false },
        maxPerPaper: 5,
      });
      const scores = await lib.core.models.rank(
        query,
        reranked.map((h) => `${h.title}\n${h.text}`),
        rerankerId,
      );
      expect(reranked.map((h) => h.score)).toEqual(scores);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // Ordered and scored by the cross-encoder, not by reciprocal rank.
      expect(reranked.map((h) => h.passageId)).not.toEqual(fused.map((h) => h.passageId));
      const viaContract = unwrap(await lib.core.invoke('ask.search', { query, k: 5 }));
      expect(viaContract.every((h) => scores.includes(h.score))).toBe(true);
      // A passage longer than the reranker's context (1,024 tokens here) is scored, not refused.
      const [long] = await lib.core.models.rank(query, [`${'Loops are recorded as traces. '.repeat(150)}`], rerankerId);
      expect(long).toBeGreaterThanOrEqual(0);
      expect(long).toBeLessThanOrEqual(1);
    } finally {
      unwrap(await lib.core.invoke('models.setDefault', { role: 'reranker', modelId: null }));
    }
    expect(unwrap(await lib.core.invoke('ask.search', { query, k: 5 }))).toEqual(fused);
  });
});

describe('asking without a chat model', () => {
  it('answers extractively: verbatim sentences, each cited and verified against its passage', async () => {
    const { answer, events } = await lib.ask({
      question: 'How does the deadlock detector choose which transaction to abort?',
      modelId: null,
    });
    expect(answer.mode).toBe('extractive');
    expect(answer.answer).toMatch(/youngest transaction/);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) {
      expect(c.status).toBe('verified');
      // Found in its passage, and apart from that, the passage bears on the question.
      expect(c.bearsOnQuestion).toBe(true);
      expect(c.paperId).toBe(lib.paperId('berkeley-db.md'));
      const passage = answer.passages.find((p) => p.n === c.n)!;
      expect(passage.text.slice(c.quoteStart!, c.quoteEnd!)).toBe(c.quote);
    }
    expect(answer.citations[0]?.paperId).toBe(lib.paperId('berkeley-db.md'));
    expect(events.map((e) => e.type)).toContain('citation');
    expect(events.at(-1)).toMatchObject({ type: 'done', stopReason: 'extractive' });
  });

  it('says the library does not contain it when nothing is relevant, instead of guessing', async () => {
    const { answer } = await lib.ask({ question: 'What is the boiling point of mercury at sea level?', modelId: null });
    expect(answer.mode).toBe('abstained');
    expect(answer.answer).toBe(ABSTAIN_TEXT);
    expect(answer.citations).toEqual([]);
  });

  it('rewrites a follow-up to stand alone, keeps the conversation, and exports it', async () => {
    const first = await lib.ask({
      question: 'How does the just-in-time compiler record trace trees of hot loops?',
      modelId: null,
    });
    const followUp = await lib.ask({
      question: 'What speedups does it reach?',
      modelId: null,
      conversationId: first.answer.conversationId,
    });
    expect(followUp.answer.standaloneQuery).not.toBe('What speedups does it reach?');
    expect(followUp.answer.standaloneQuery).toMatch(/trace/i);
    expect(followUp.answer.answer).toMatch(/SunSpider/);

    const conversation = unwrap(
      await lib.core.invoke('conversations.get', { conversationId: first.answer.conversationId }),
    );
    expect(conversation.turns.map((t) => t.question)).toEqual([first.answer.question, followUp.answer.question]);
    expect(
      unwrap(await lib.core.invoke('conversations.list', {})).some(
        (c) => c.conversationId === first.answer.conversationId && c.turns === 2,
      ),
    ).toBe(true);
    const markdown = unwrap(
      await lib.core.invoke('conversations.export', {
        conversationId: first.answer.conversationId,
        format: 'markdown',
      }),
    );
    expect(markdown.filename).toMatch(/\.md$/);
    expect(markdown.content).toContain('Trace Trees for Dynamic Languages');
    const bibtex = unwrap(
      await lib.core.invoke('conversations.export', { conversationId: first.answer.conversationId, format: 'bibtex' }),
    );
    expect(bibtex.content).toMatch(/@\w+\{[^,]+,\s*\n\s*title = \{Trace Trees for Dynamic Languages\}/);
    expect(
      unwrap(await lib.core.invoke('conversations.delete', { conversationId: first.answer.conversationId })),
    ).toEqual({ deleted: true });
    expect(await lib.core.invoke('conversations.get', { conversationId: first.answer.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses adapters without a model, and asking with neither model nor retrieval', async () => {
    expect(
      await lib.core.invoke('ask.ask', {
        requestId: 'x1',
        question: 'loudness range?',
        modelId: null,
        adapters: [{ id: 'a', scale: 1 }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(
      await lib.core.invoke('ask.ask', {
        requestId: 'x2',
        question: 'loudness range?',
        modelId: null,
        useRetrieval: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
  });
});

// Free text over whole passages: what a model writes with no grammar (grounded.test.ts covers the grammar's answers).
describe('asking a chat model (tiny GGUF written by the test), free text', () => {
  const pieces = ['[1]', '[9]'];
  const vocab = tinyVocab(TINY.vocab, pieces);
  let modelId: string;
  const adapters: Record<string, string> = {};

  beforeAll(async () => {
    lib.core.ask.design = { grammar: null, evidence: null, antiRepeat: false, bestFirst: false, minSentences: 1 };
    const model = writeTinyLlama(path.join(lib.dir, 'tiny-cite.gguf'), { extraPieces: pieces, contextLength: 2048 });
    modelId = unwrap(await lib.core.invoke('models.add', { path: model, name: 'tiny-cite' })).modelId;
    for (const piece of pieces) {
      const file = writeForcingAdapter(path.join(lib.dir, `force-${piece}.gguf`), {
        token: vocab.tokens.indexOf(piece),
      });
      adapters[piece] = unwrap(await lib.core.invoke('adapters.add', { path: file, name: `force ${piece}` })).adapterId;
    }
  });
  afterAll(() => {
    lib.core.ask.design = DEFAULT_DESIGN;
  });

  it('streams tokens and resolves each citation to its passage as it arrives', async () => {
    const { answer, events } = await lib.ask({
      question: 'How are nested loops recorded in trace trees?',
      modelId,
      adapters: [{ id: adapters['[1]'], scale: 1 }],
      k: 3,
    });
    expect(answer.mode).toBe('generated');
    expect(answer.answer.startsWith('[1][1]')).toBe(true);
    expect(answer.model?.id).toBe(modelId);
    expect(answer.adapters).toEqual([{ id: adapters['[1]'], name: 'force [1]', scale: 1 }]);
    const tokens = events.filter((e) => e.type === 'token');
    // llama.cpp hands text over in chunks of a few tokens when the machine is busy; several chunks is streaming.
    expect(tokens.length).toBeGreaterThan(4);
    expect(tokens.map((e) => (e.type === 'token' ? e.text : '')).join('')).toBe(answer.answer);
    const cited = events.filter((e) => e.type === 'citation');
    expect(cited.length).toBeGreaterThan(0);
    const first = answer.passages[0]!;
    expect(cited[0]).toMatchObject({
      n: 1,
      passageId: first.passageId,
      paperId: first.paperId,
      title: first.title,
      page: first.page,
      highlight: first.boxes,
    });
    // The first citation event comes long before the stream ends.
    expect(events.indexOf(cited[0]!)).toBeLessThan(events.length / 4);
    // A bare marker states no claim its passage could support, though the passage bears on the question.
    expect(new Set(answer.citations.map((c) => c.status))).toEqual(new Set(['unsupported']));
    expect(answer.citations.every((c) => c.bearsOnQuestion === true)).toBe(true);
    expect(answer.timings.firstTokenMs).not.toBeNull();
  });

  it('flags a citation to a passage number that was never given as invalid', async () => {
    const { answer, events } = await lib.ask({
      question: 'How are nested loops recorded in trace trees?',
      modelId,
      adapters: [{ id: adapters['[9]'], scale: 1 }],
      k: 3,
    });
    expect(answer.passages.length).toBeLessThan(9);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.status === 'invalid' && c.n === 9 && c.passageId === null)).toBe(true);
    expect(events.filter((e) => e.type === 'citation')[0]).toMatchObject({
      n: 9,
      passageId: null,
      paperId: null,
      page: null,
      highlight: [],
    });
  });

  it('has the chat model rewrite a follow-up from the conversation before retrieving for it', async () => {
    const first = await lib.ask({
      question: 'How are nested loops recorded in trace trees?',
      modelId,
      adapters: [{ id: adapters['[1]'], scale: 1 }],
      k: 3,
    });
    const generate = vi.spyOn(lib.core.models, 'generate');
    try {
      const question = 'What speedups does it reach?';
      const { answer } = await lib.ask({
        question,
        modelId,
        conversationId: first.answer.conversationId,
        adapters: [{ id: adapters['[1]'], scale: 1 }],
        k: 3,
      });
      const history = [{ question: first.answer.question, answer: first.answer.answer }];
      // First the rewrite (the base model, conversation in the prompt), then the answer to the rewritten question.
      expect(generate).toHaveBeenCalledTimes(2);
      expect(generate.mock.calls[0]![0]).toMatchObject({ modelId, messages: rewriteMessages(question, history) });
      const rewrite = await generate.mock.results[0]!.value;
      expect(answer.standaloneQuery).toBe(acceptRewrite(rewrite.text, question, history));
      expect(answer.standaloneQuery).not.toBe(question);
      expect(JSON.stringify(generate.mock.calls[1]![0].messages)).toContain(answer.standaloneQuery);
    } finally {
      generate.mockRestore();
    }
  });

  it('stops when asked: the partial text is kept, stored, and the stop reason says so', async () => {
    let requestId = '';
    const { answer } = await lib.ask(
      {
        question: 'How are nested loops recorded in trace trees?',
        modelId,
        adapters: [{ id: adapters['[1]'], scale: 1 }],
        k: 3,
      },
      (event) => {
        if (event.type === 'token' && requestId === '') {
          requestId = event.requestId;
          void lib.core.invoke('ask.stop', { requestId });
        }
      },
    );
    expect(answer.stopReason).toBe('aborted');
    expect(answer.answer.length).toBeGreaterThan(0);
    expect(answer.answer.length).toBeLessThan(3 * 500);
    const stored = unwrap(await lib.core.invoke('conversations.get', { conversationId: answer.conversationId }));
    expect(stored.turns[0]?.stopReason).toBe('aborted');
  });

  it('fits whole passages into the context and says which were left out, never cutting one', async () => {
    // 2048-token context, 512 kept for the answer; the tiny vocabulary spends a token on almost every character.
    const { answer } = await lib.ask({
      question: 'How are loops recorded in trace trees, and how are loudness and locking handled?',
      modelId,
      k: 6,
    });
    expect(answer.mode).toBe('generated');
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(answer.passages.length).toBeLessThan(6);
    expect(answer.notes.join(' ')).toMatch(/did not fit tiny-cite's context and were left out whole/);
    expect(answer.passages.map((p) => p.n)).toEqual(answer.passages.map((_, i) => i + 1));
    const hits = unwrap(await lib.core.invoke('ask.search', { query: answer.standaloneQuery, k: 6 }));
    for (const p of answer.passages) expect(hits.find((h) => h.passageId === p.passageId)?.text).toBe(p.text);
  });

  it('answers without retrieval when asked to (for comparisons), with no passages or citations', async () => {
    const { answer } = await lib.ask({ question: 'Say something.', modelId, useRetrieval: false });
    expect(answer.mode).toBe('generated');
    expect(answer.passages).toEqual([]);
    expect(answer.citations).toEqual([]);
  });
});
