import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import type { GenerationEvent } from '../../../electron/contract/index.js';
import { Core } from '../../../electron/core/core.js';
import { parseCitations } from '../../../electron/core/ask/citations/citationParser.js';
import { splitSentences } from '../../../electron/core/ask/citations/sentences.js';
import { cachedModel } from '../../fixtures/gguf/modelCache.js';
import { CORPUS, paperQuestions } from '../../../scripts/eval/papers.js';

const chat = cachedModel('chat');
const embedding = cachedModel('embedding');
const missing = [chat, embedding].filter((m) => m.file === null).map((m) => m.reason);
if (missing.length > 0) console.warn(`Skipping the real-model ask tests: ${missing.join(' ')}`);

/** Small corpus papers with a question whose answer sits on a known page (scripts/eval/papers.questions.json). */
const FILES = ['loudness-meter.pdf', 'bdb_usenix.pdf', 'tb87nemeth.pdf', 'dtc-paper.pdf'];
const questions = paperQuestions().filter((q) => FILES.includes(q.file));

describe.skipIf(missing.length > 0)(
  'asking real papers with real models (SmolLM2-135M-Instruct, all-MiniLM-L6-v2)',
  () => {
    let core: Core;
    let dir: string;
    const paperOf = new Map<string, string>();

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-ask-real-'));
      core = Core.open({ libraryDir: dir, mode: 'cli', models: { contextTokens: 4096 } });
      const embedder = unwrap(await core.invoke('models.add', { path: embedding.file! })).modelId;
      unwrap(await core.invoke('models.setDefault', { role: 'embedding', modelId: embedder }));
      const { jobId } = unwrap(await core.invoke('library.import', { paths: FILES.map((f) => path.join(CORPUS, f)) }));
      await core.jobs.wait(jobId);
      const report = unwrap(await core.invoke('library.importReport', { jobId }));
      expect(report.failed).toEqual([]);
      for (const item of report.imported) paperOf.set(path.basename(item.file), item.paperId);
      const status = unwrap(await core.invoke('library.embeddingStatus', {}));
      if (status.jobId !== null)
        expect(await core.jobs.wait(status.jobId)).toMatchObject({ state: 'done', error: null });
      expect(unwrap(await core.invoke('library.embeddingStatus', {}))).toMatchObject({
        modelId: embedder,
        embedded: status.passages,
      });
    }, 600_000);

    afterAll(async () => {
      await core?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('finds the page that answers each question among the first five passages (hybrid search)', async () => {
      expect(questions.length).toBe(FILES.length);
      for (const q of questions) {
        const hits = unwrap(await core.invoke('ask.search', { query: q.question, k: 5 }));
        expect(
          hits.some((h) => h.paperId === paperOf.get(q.file) && h.page === q.page),
          `${q.question} → ${hits.map((h) => `${h.title.slice(0, 30)} p.${h.page}`).join('; ')}`,
        ).toBe(true);
      }
    });

    it('keeps vector search to the scope as well as full text: a search within one paper finds only it, by both lists', async () => {
      const gold = paperOf.get('bdb_usenix.pdf')!;
      const scoped = unwrap(
        await core.invoke('ask.search', {
          query: 'how are transactions made durable and recovered after a crash',
          k: 8,
          scope: { paperIds: [gold] },
        }),
      );
      expect(scoped.length).toBe(8);
      expect(new Set(scoped.map((h) => h.paperId))).toEqual(new Set([gold]));
      // Found by both full text and vectors: above the 1/61 one list alone can give.
      expect(scoped[0]!.score).toBeGreaterThan(1 / 61);
      expect(scoped.some((h) => /references/i.test(h.section))).toBe(false);
    });

    it('answers extractively with citations that resolve to the right paper and page, highlighted on it', async () => {
      for (const q of questions) {
        const answer = unwrap(
          await core.invoke('ask.ask', { requestId: `x-${q.file}`, question: q.question, modelId: null }),
        );
        expect(answer.mode, q.question).toBe('extractive');
        const right = answer.citations.filter((c) => c.paperId === paperOf.get(q.file) && c.page === q.page);
        expect(
          right.length,
          `${q.question}: ${JSON.stringify(answer.citations.map((c) => [c.title, c.page]))}`,
        ).toBeGreaterThan(0);
        for (const c of answer.citations) {
          expect(c.status).toBe('verified');
          expect(c.highlight.length, 'a verified quote is highlighted on the page').toBeGreaterThan(0);
        }
      }
    });

    it('answers with SmolLM2-135M-Instruct: every sentence cites a passage given, the gold page among them', async () => {
      const chatId = unwrap(await core.invoke('models.add', { path: chat.file! })).modelId;
      const q = questions.find((x) => x.file === 'bdb_usenix.pdf')!;
      const tokens: string[] = [];
      const cited: Array<GenerationEvent & { type: 'citation' }> = [];
      const answer = unwrap(
        await core.invoke(
          'ask.ask',
          { requestId: 'smollm2-1', question: q.question, modelId: chatId, k: 4 },
          {
            emit: (e) => {
              if (e.channel !== 'generation') return;
              if (e.type === 'token') tokens.push(e.text);
              if (e.type === 'citation') cited.push(e);
            },
          },
        ),
      );
      console.info(
        `SmolLM2: ${q.question} → ${answer.answer} ${JSON.stringify(answer.citations.map((c) => [c.n, c.page, c.status]))}`,
      );
      expect(answer.mode).toBe('generated');
      expect(answer.model?.id).toBe(chatId);
      expect(tokens.join('')).toBe(answer.answer);
      expect(answer.stopReason).not.toBe('loop');
      // Every sentence of the answer carries a citation of a passage it was given.
      const sentences = splitSentences(answer.answer);
      expect(sentences.length).toBeGreaterThan(0);
      for (const s of sentences) expect(parseCitations(s.text).length, s.text).toBeGreaterThan(0);
      expect(answer.citations.some((c) => c.status === 'invalid')).toBe(false);
      // The gold page is among its citations, and came resolved to the page while streaming.
      expect(answer.citations.some((c) => c.paperId === paperOf.get(q.file) && c.page === q.page)).toBe(true);
      expect(cited.some((e) => e.paperId === paperOf.get(q.file) && e.page === q.page)).toBe(true);
      expect(answer.timings.firstTokenMs).toBeGreaterThan(0);
    }, 300_000);
  },
);
