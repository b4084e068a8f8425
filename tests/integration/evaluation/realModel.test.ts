import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { cachedModel } from '../../fixtures/gguf/modelCache.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

const chat = cachedModel('base');
if (chat.file === null) console.warn(`Skipping the real-model evaluation tests: ${chat.reason}`);

describe.skipIf(chat.file === null)('evaluation with Gemma 3 270M', () => {
  let lib: AskLibrary;
  let modelId: string;

  beforeAll(async () => {
    lib = await openAskLibrary();
    modelId = unwrap(await lib.core.invoke('models.add', { path: chat.file! })).modelId;
  });
  afterAll(async () => {
    await lib?.close();
  });

  it('runs a small set end to end, with and without retrieval, graded by the model as judge too', async () => {
    const setId = unwrap(await lib.core.invoke('eval.sets.create', { name: 'gemma' })).setId;
    unwrap(
      await lib.core.invoke('eval.items.add', {
        setId,
        items: [
          {
            question: 'Which transaction does the deadlock detector abort?',
            expected: 'the youngest transaction in the cycle',
            paper: 'Transactions in Berkeley DB',
          },
          {
            question: 'What unit do loudness meters following ITU-R BS.1770 measure programme loudness in?',
            expected: 'LUFS',
            paper: 'Loudness Metering for Broadcast',
          },
          {
            question: 'What speedups do trace trees reach on the SunSpider benchmarks?',
            expected: 'between two and twenty times',
            paper: lib.paperId('trace-trees.md'),
          },
          { question: 'What is the boiling point of mercury in kelvin?', unanswerable: true },
        ],
      }),
    );
    const { runId, job } = unwrap(
      await lib.core.invoke('eval.runs.start', {
        setId,
        k: 3,
        maxTokens: 48,
        judgeModelId: modelId,
        configurations: [
          { modelId, useRetrieval: true },
          { modelId, useRetrieval: false },
        ],
      }),
    );
    expect(await lib.core.jobs.wait(job.jobId)).toMatchObject({ state: 'done', done: 8, total: 8 });
    const run = unwrap(await lib.core.invoke('eval.runs.get', { runId }));
    const [rag, plain] = run.configurations;
    console.info(
      `Gemma 3 270M evaluation: ${JSON.stringify(run.configurations.map(({ label, exactMatch, f1, judge, recallAtK, citations, abstention, latencyMs }) => ({ label, exactMatch, f1, judge, recallAtK, citations, abstention, latencyMs })))}`,
    );
    for (const c of [rag!, plain!]) {
      expect(c).toMatchObject({ answered: 4, errors: 0 });
      expect(c.judge!.judged + c.judge!.unclear).toBe(3);
      expect(c.latencyMs.p50).toBeGreaterThan(0);
    }
    expect(run.results.every((r) => r.error === null && (r.mode === 'abstained' || r.answer.trim().length > 0))).toBe(
      true,
    );
    // Retrieval finds every gold paper and refuses the question the library cannot answer; citations are checked.
    expect(rag).toMatchObject({ recallAtK: 1, abstention: { unanswerable: 1, rate: 1 } });
    const cited = Object.values(rag!.citations).reduce((a, b) => a + b, 0);
    expect(cited).toBe(run.results.filter((r) => r.configuration === 0).reduce((n, r) => n + r.citations.length, 0));
    expect(plain).toMatchObject({
      recallAtK: null,
      citations: { verified: 0, supported: 0, attributed: 0, unsupported: 0, invalid: 0 },
    });
    for (const c of [rag!, plain!]) {
      expect(c.exactMatch).toBeGreaterThanOrEqual(0);
      expect(c.f1).toBeLessThanOrEqual(1);
    }
  }, 600_000);

  it('drafts questions from library passages for review, each with its source passage and gold paper', async () => {
    const setId = unwrap(await lib.core.invoke('eval.sets.create', { name: 'drafted' })).setId;
    const job = unwrap(await lib.core.invoke('eval.drafts.generate', { setId, count: 3, modelId }));
    expect(await lib.core.jobs.wait(job.jobId)).toMatchObject({ state: 'done', done: 3, total: 3 });
    const { set, items } = unwrap(await lib.core.invoke('eval.sets.get', { setId }));
    console.info(`Gemma drafts: ${JSON.stringify(items.map((i) => [i.question, i.expected]))}`);
    expect(set.accepted).toBe(0);
    expect(set.drafts).toBe(items.length);
    expect(items.length).toBeGreaterThan(0);
    const papers = new Set(
      Object.keys({ 'trace-trees.md': 0, 'berkeley-db.md': 0, 'loudness.md': 0 }).map((f) =>
        lib.paperId(f as 'loudness.md'),
      ),
    );
    for (const item of items) {
      expect(item.status).toBe('draft');
      expect(papers.has(item.paper!)).toBe(true);
      expect(item.sourceText!.length).toBeGreaterThan(100);
      expect(item.question.length).toBeGreaterThan(7);
      expect(item.expected.length).toBeGreaterThan(0);
    }
    // A second round skips the passages already drafted from.
    const again = unwrap(await lib.core.invoke('eval.drafts.generate', { setId, count: 3, modelId }));
    await lib.core.jobs.wait(again.jobId);
    const sources = unwrap(await lib.core.invoke('eval.sets.get', { setId })).items.map((i) => i.sourcePassageId);
    expect(new Set(sources).size).toBe(sources.length);
  }, 600_000);
});
