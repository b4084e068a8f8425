import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import type { ConfigurationSummary } from '../../../electron/contract/ops/evaluation.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary();
});
afterAll(async () => {
  await lib.close();
});

async function newSet(name: string): Promise<string> {
  return unwrap(await lib.core.invoke('eval.sets.create', { name })).setId;
}

describe('validation sets', () => {
  it('imports JSONL: malformed lines are reported by number, the rest is imported, and export reads back the same', async () => {
    const setId = await newSet('jsonl import');
    const content = [
      JSON.stringify({
        question: 'Which transaction does the deadlock detector abort?',
        expected: 'the youngest transaction in the cycle',
        paper: 'Transactions in Berkeley DB',
      }),
      '{"question": "broken", ',
      '',
      JSON.stringify({ question: 'What is the capital of France?', unanswerable: true }),
      JSON.stringify({ question: 'No expected answer here?' }),
      '[1, 2]',
      JSON.stringify({
        question: 'What does the meter compute?',
        'expected answer': 'momentary, short-term and integrated loudness',
        page: 1,
        colour: 'red',
      }),
      JSON.stringify({ Question: 'What unit is loudness measured in?', Answer: 'LUFS', page: 'two' }),
      JSON.stringify({
        question: 'What unit is loudness measured in?',
        answer: 'LUFS',
        gold_paper: 'loudness',
        page: 3,
      }),
    ].join('\n');
    const report = unwrap(await lib.core.invoke('eval.sets.import', { setId, format: 'jsonl', content }));
    expect(report.imported).toBe(3);
    expect(report.errors.map((e) => e.line)).toEqual([2, 5, 6, 7, 8]);
    expect(report.errors[0]!.message).toMatch(/not valid JSON/);
    expect(report.errors[1]!.message).toMatch(/expected: an answerable question needs an expected answer/);
    expect(report.errors[2]!.message).toMatch(/JSON object/);
    expect(report.errors[3]!.message).toMatch(/unknown field "colour"/);
    expect(report.errors[4]!.message).toMatch(/page/);

    const { items } = unwrap(await lib.core.invoke('eval.sets.get', { setId }));
    expect(items.map((i) => [i.ordinal, i.question, i.expected, i.paper, i.page, i.unanswerable])).toEqual([
      [
        1,
        'Which transaction does the deadlock detector abort?',
        'the youngest transaction in the cycle',
        'Transactions in Berkeley DB',
        null,
        false,
      ],
      [2, 'What is the capital of France?', '', null, null, true],
      [3, 'What unit is loudness measured in?', 'LUFS', 'loudness', 3, false],
    ]);

    const exported = unwrap(await lib.core.invoke('eval.sets.export', { setId, format: 'jsonl' }));
    expect(exported.filename).toBe('jsonl-import.jsonl');
    const copy = await newSet('copy');
    expect(
      unwrap(await lib.core.invoke('eval.sets.import', { setId: copy, format: 'jsonl', content: exported.content })),
    ).toEqual({ imported: 3, errors: [] });
    const copied = unwrap(await lib.core.invoke('eval.sets.get', { setId: copy })).items;
    expect(
      copied.map(({ question, expected, paper, page, unanswerable }) => ({
        question,
        expected,
        paper,
        page,
        unanswerable,
      })),
    ).toEqual(
      items.map(({ question, expected, paper, page, unanswerable }) => ({
        question,
        expected,
        paper,
        page,
        unanswerable,
      })),
    );
  });

  it('imports CSV with quoted commas, quotes and line breaks; bad records are reported by the line they start on', async () => {
    const setId = await newSet('csv import');
    const csv = [
      'Question,Expected Answer,Paper,Page,Unanswerable',
      '"How are nested loops handled, briefly?","An inner tree is recorded first,',
      'then called from the outer trace",trace trees,,',
      'Who won the 1998 World Cup?,,,,yes',
      'Too,few,fields',
      'A "bad" question,x,,,',
      'What does the detector abort?,"the ""youngest"" transaction",,2,no',
    ].join('\r\n');
    const report = unwrap(await lib.core.invoke('eval.sets.import', { setId, format: 'csv', content: csv }));
    expect(report.errors).toEqual([
      { line: 5, message: '3 fields where the header has 5' },
      { line: 6, message: expect.stringMatching(/quote inside an unquoted field/) },
    ]);
    expect(report.imported).toBe(3);
    const { items } = unwrap(await lib.core.invoke('eval.sets.get', { setId }));
    expect(items[0]).toMatchObject({
      question: 'How are nested loops handled, briefly?',
      expected: 'An inner tree is recorded first,\r\nthen called from the outer trace',
      paper: 'trace trees',
      page: null,
    });
    expect(items[1]).toMatchObject({ question: 'Who won the 1998 World Cup?', unanswerable: true });
    expect(items[2]).toMatchObject({ expected: 'the "youngest" transaction', page: 2, unanswerable: false });

    const csvOut = unwrap(await lib.core.invoke('eval.sets.export', { setId, format: 'csv' })).content;
    const again = await newSet('csv again');
    expect(unwrap(await lib.core.invoke('eval.sets.import', { setId: again, format: 'csv', content: csvOut }))).toEqual(
      { imported: 3, errors: [] },
    );
    expect(unwrap(await lib.core.invoke('eval.sets.get', { setId: again })).items.map((i) => i.expected)).toEqual(
      items.map((i) => i.expected),
    );

    const header = unwrap(await lib.core.invoke('eval.sets.import', { setId, format: 'csv', content: 'a,b\n1,2\n' }));
    expect(header).toEqual({ imported: 0, errors: [{ line: 1, message: expect.stringMatching(/name the columns/) }] });
    expect(await lib.core.invoke('eval.sets.import', { setId: 'nope', format: 'csv', content: csv })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('edits questions: accepting a draft, refusing an answerable question without an answer, deleting', async () => {
    const setId = await newSet('edits');
    const [draft] = unwrap(
      await lib.core.invoke('eval.items.add', {
        setId,
        items: [{ question: 'What is gated in loudness metering?', expected: 'blocks', status: 'draft' }],
      }),
    );
    expect(unwrap(await lib.core.invoke('eval.sets.get', { setId })).set).toMatchObject({ accepted: 0, drafts: 1 });
    expect(
      unwrap(
        await lib.core.invoke('eval.items.update', {
          itemId: draft!.itemId,
          status: 'accepted',
          expected: 'low-level blocks',
        }),
      ),
    ).toMatchObject({ status: 'accepted', expected: 'low-level blocks' });
    expect(await lib.core.invoke('eval.items.update', { itemId: draft!.itemId, expected: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/needs an expected answer/) },
    });
    expect(unwrap(await lib.core.invoke('eval.items.delete', { itemIds: [draft!.itemId] }))).toEqual({ deleted: 1 });
    expect(await lib.core.invoke('eval.runs.start', { setId, configurations: [{ modelId: null }] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/no accepted questions/) },
    });
  });
});

describe('evaluation runs on the tiny model and a token-forcing adapter', () => {
  const pieces = ['Paris'];
  const vocab = tinyVocab(TINY.vocab, pieces);
  let modelId: string;
  let adapterId: string;
  let setId: string;

  beforeAll(async () => {
    const model = writeTinyLlama(path.join(lib.dir, 'tiny-eval.gguf'), { extraPieces: pieces, contextLength: 2048 });
    modelId = unwrap(await lib.core.invoke('models.add', { path: model, name: 'tiny-eval' })).modelId;
    const adapter = writeForcingAdapter(path.join(lib.dir, 'force-paris.gguf'), {
      token: vocab.tokens.indexOf('Paris'),
    });
    adapterId = unwrap(await lib.core.invoke('adapters.add', { path: adapter, name: 'force Paris' })).adapterId;
    setId = await newSet('forced');
    // The expected answer of every answerable question is the token the adapter forces: with it at scale 1 every
    // answer is exactly right; the base model's answers (random tokens) never are; at scale 0 nothing changes.
    unwrap(
      await lib.core.invoke('eval.items.add', {
        setId,
        items: [
          {
            question: 'How are nested loops recorded in trace trees?',
            expected: 'Paris',
            paper: lib.paperId('trace-trees.md'),
          },
          {
            question: 'Which transaction does the deadlock detector abort?',
            expected: 'Paris',
            paper: 'Transactions in Berkeley DB',
          },
          {
            question: 'What does the loudness range descriptor summarise?',
            expected: 'Paris',
            paper: 'Loudness Metering for Broadcast',
          },
          { question: 'What is the boiling point of mercury in kelvin?', unanswerable: true },
        ],
      }),
    );
  });

  it('reports accuracy, recall@k, citations, abstention and latency per configuration, as a job with progress', async () => {
    const progress: Array<{ done: number; total: number | null }> = [];
    const stop = lib.core.onBroadcast(
      (e) =>
        e.channel === 'job' && e.job.kind === 'eval.run' && progress.push({ done: e.job.done, total: e.job.total }),
    );
    const { runId, job } = unwrap(
      await lib.core.invoke('eval.runs.start', {
        setId,
        k: 3,
        maxTokens: 1,
        configurations: [
          { modelId, useRetrieval: false },
          { modelId, adapters: [{ id: adapterId, scale: 1 }], useRetrieval: false },
          { modelId, adapters: [{ id: adapterId, scale: 0 }], useRetrieval: false },
          { modelId, adapters: [{ id: adapterId, scale: 1 }], useRetrieval: true },
          { modelId: null, useRetrieval: true },
        ],
      }),
    );
    expect((await lib.core.jobs.wait(job.jobId)).state).toBe('done');
    stop();
    expect(progress.at(-1)).toEqual({ done: 20, total: 20 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    const run = unwrap(await lib.core.invoke('eval.runs.get', { runId }));
    expect(run).toMatchObject({ state: 'done', questions: 4, k: 3, jobId: job.jobId });
    expect(run.results).toHaveLength(20);
    const [base, forced, scaleZero, forcedRag, extractive] = run.configurations as [
      ConfigurationSummary,
      ConfigurationSummary,
      ConfigurationSummary,
      ConfigurationSummary,
      ConfigurationSummary,
    ];
    expect(base.label).toBe('tiny-eval without retrieval');
    expect(forced.label).toBe('tiny-eval + force Paris@1 without retrieval');
    expect(base).toMatchObject({
      answered: 4,
      errors: 0,
      exactMatch: 0,
      recallAtK: null,
      citations: { verified: 0, supported: 0, attributed: 0, unsupported: 0, invalid: 0 },
    });
    expect(base.f1).toBe(0);
    expect(forced).toMatchObject({ answered: 4, exactMatch: 1, f1: 1, recallAtK: null });
    // Scale 0 changes nothing: the same answers as the base model, question by question.
    const answers = (c: number): string[] => run.results.filter((r) => r.configuration === c).map((r) => r.answer);
    expect(answers(2)).toEqual(answers(0));
    expect(scaleZero.exactMatch).toBe(0);
    expect(answers(1)).toEqual(['Paris', 'Paris', 'Paris', 'Paris']);

    // With retrieval the answerable questions find their gold paper; the unanswerable one abstains.
    expect(forcedRag).toMatchObject({
      exactMatch: 1,
      f1: 1,
      recallAtK: 1,
      abstention: { unanswerable: 1, rate: 1, falseRate: 0 },
    });
    expect(base.abstention).toEqual({ unanswerable: 1, rate: 0, falseRate: 0 });
    // Extractive answers quote the passage: every citation verified, none of them the expected "Paris".
    expect(extractive).toMatchObject({ exactMatch: 0, recallAtK: 1, abstention: { rate: 1 } });
    expect(extractive.citations.verified).toBeGreaterThan(0);
    expect(extractive.citations.unsupported + extractive.citations.invalid).toBe(0);
    expect(extractive.label).toBe('no model (extractive) with retrieval');
    for (const c of run.configurations) {
      expect(c.latencyMs.p50).toBeGreaterThan(0);
      expect(c.latencyMs.p95).toBeGreaterThanOrEqual(c.latencyMs.p50);
    }
    // Evaluation answers are not left behind as conversations.
    expect(
      unwrap(await lib.core.invoke('conversations.list', {})).filter((c) =>
        /nested loops recorded|boiling point/.test(c.title),
      ),
    ).toEqual([]);
    expect(unwrap(await lib.core.invoke('eval.runs.list', { setId })).map((r) => r.runId)).toContain(runId);
  });

  it('grades with a local-model judge, reported apart from EM and F1', async () => {
    const { runId, job } = unwrap(
      await lib.core.invoke('eval.runs.start', {
        setId,
        maxTokens: 1,
        judgeModelId: modelId,
        configurations: [{ modelId, adapters: [{ id: adapterId, scale: 1 }], useRetrieval: false }],
      }),
    );
    await lib.core.jobs.wait(job.jobId);
    const [c] = unwrap(await lib.core.invoke('eval.runs.get', { runId })).configurations;
    // The tiny judge never says yes or no: every verdict is unclear, and accuracy stays unknown rather than 0.
    expect(c!.judge).toEqual({ accuracy: null, judged: 0, unclear: 3 });
    expect(c!.exactMatch).toBe(1);
  });

  it('is cancellable: the run is stored as cancelled with the answers measured so far', async () => {
    let cancelled = false;
    const stop = lib.core.onBroadcast((e) => {
      if (e.channel === 'job' && e.job.kind === 'eval.run' && e.job.done >= 2 && !cancelled) {
        cancelled = true;
        lib.core.jobs.cancel(e.jobId);
      }
    });
    const { runId, job } = unwrap(
      await lib.core.invoke('eval.runs.start', {
        setId,
        configurations: [
          { modelId, useRetrieval: true },
          { modelId, useRetrieval: false },
        ],
      }),
    );
    expect((await lib.core.jobs.wait(job.jobId)).state).toBe('cancelled');
    stop();
    const run = unwrap(await lib.core.invoke('eval.runs.get', { runId }));
    expect(run.state).toBe('cancelled');
    expect(run.results.length).toBeGreaterThanOrEqual(2);
    expect(run.results.length).toBeLessThan(8);
    expect(run.configurations[0]!.answered).toBe(Math.min(4, run.results.length));
  });

  it('refuses unknown models and adapters, and adapters without a model, before any work starts', async () => {
    expect(await lib.core.invoke('eval.runs.start', { setId, configurations: [{ modelId: 'nope' }] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await lib.core.invoke('eval.runs.start', {
        setId,
        configurations: [{ modelId, adapters: [{ id: 'nope', scale: 1 }] }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await lib.core.invoke('eval.runs.start', {
        setId,
        configurations: [{ modelId: null, adapters: [{ id: adapterId, scale: 1 }] }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/adapters need a chat model/) },
    });
    expect(
      await lib.core.invoke('eval.runs.start', { setId, judgeModelId: 'nope', configurations: [{ modelId }] }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports training data: chat and Alpaca JSONL, deduplicated, split, token lengths under the base model', async () => {
    const data = await newSet('training');
    unwrap(
      await lib.core.invoke('eval.items.add', {
        setId: data,
        items: [
          { question: 'Which transaction is aborted?', expected: 'The youngest one.' },
          { question: 'which transaction is aborted', expected: 'the youngest one' },
          { question: 'What is LUFS?', expected: 'A loudness unit.' },
          { question: 'Unanswerable?', unanswerable: true },
          { question: 'A draft?', expected: 'not reviewed', status: 'draft' },
        ],
      }),
    );
    const { answer } = await lib.ask({
      question: 'How does the deadlock detector choose which transaction to abort?',
      modelId: null,
    });
    expect(unwrap(await lib.core.invoke('dataset.markTurn', { turnId: answer.turnId, good: true }))).toEqual({
      turnId: answer.turnId,
      good: true,
    });
    expect(await lib.core.invoke('dataset.markTurn', { turnId: 'nope', good: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    const chat = unwrap(
      await lib.core.invoke('dataset.export', { setIds: [data], format: 'chat', validationShare: 0.34, modelId }),
    );
    expect(chat.counts).toEqual({ fromSets: 3, fromConversations: 1, duplicates: 1, train: 2, validation: 1 });
    const lines = [chat.train.content, chat.validation.content]
      .flatMap((c) => c.trim().split('\n'))
      .map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> });
    expect(lines).toHaveLength(3);
    const grounded = lines.find((l) => l.messages.at(-1)!.content === answer.answer)!;
    expect(grounded.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(grounded.messages[1]!.content).toContain('Passages:\nPassage 1 (Transactions in Berkeley DB):');
    const plain = lines.find((l) => l.messages.at(-1)!.content === 'A loudness unit.')!;
    expect(plain.messages[1]).toEqual({ role: 'user', content: 'What is LUFS?' });
    expect(chat.tokens!.train).toMatchObject({ modelId, modelName: 'tiny-eval', contextSize: 2048, overContext: 0 });
    expect(chat.tokens!.train!.min).toBeGreaterThan(5);
    expect(chat.tokens!.train!.max).toBeGreaterThan(chat.tokens!.train!.min);

    // The same seed gives the same split; Alpaca keeps the prompt as instruction (system) and input (user).
    const again = unwrap(
      await lib.core.invoke('dataset.export', { setIds: [data], format: 'chat', validationShare: 0.34, modelId }),
    );
    expect(again.validation.content).toBe(chat.validation.content);
    const alpaca = unwrap(
      await lib.core.invoke('dataset.export', {
        setIds: [data],
        conversations: false,
        format: 'alpaca',
        validationShare: 0,
      }),
    );
    expect(alpaca.counts).toMatchObject({ fromConversations: 0, train: 2, validation: 0 });
    expect(alpaca.validation.content).toBe('');
    const row = JSON.parse(alpaca.train.content.split('\n')[0]!) as Record<string, string>;
    expect(Object.keys(row)).toEqual(['instruction', 'input', 'output']);
    expect(alpaca.tokens).toBeNull();

    unwrap(await lib.core.invoke('dataset.markTurn', { turnId: answer.turnId, good: false }));
    expect(await lib.core.invoke('dataset.export', { setIds: [], conversations: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/Nothing to export/) },
    });
  });
});
