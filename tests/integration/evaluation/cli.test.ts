import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunDetail, RunSummary } from '../../../electron/contract/ops/evaluation.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { importPapersWithCli } from '../ask/askLibrary.js';
import { runCli } from '../library/cliProcess.js';

describe('scholium eval and scholium dataset', () => {
  // Twenty CLI processes, each starting the core: longer than the default per-test limit on a 2-core machine.
  it(
    'creates, imports, exports, runs and shows a set, and exports training data, in JSON and in words',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir();
      const library = await importPapersWithCli(dir);

      const created = await runCli(library, ['eval', 'create', 'corpus questions', '--json']);
      expect(created.code).toBe(0);
      const setId = (created.json as { setId: string }).setId;

      const file = path.join(dir, 'questions.jsonl');
      fs.writeFileSync(
        file,
        [
          JSON.stringify({
            question: 'Which transaction does the deadlock detector abort?',
            expected: 'Paris',
            paper: 'Transactions in Berkeley DB',
          }),
          'not json',
          JSON.stringify({ question: 'What is the boiling point of mercury in kelvin?', unanswerable: true }),
        ].join('\n'),
      );
      const imported = await runCli(library, ['eval', 'import', 'corpus questions', file, '--json']);
      expect(imported.code).toBe(1);
      expect(imported.json).toEqual({
        setId,
        imported: 2,
        errors: [{ line: 2, message: expect.stringMatching(/not valid JSON/) }],
      });
      const words = await runCli(library, ['eval', 'import', 'second set', file]);
      expect(words.stdout).toMatch(/Imported 2 questions into/);
      expect(words.stdout).toMatch(/line 2: not valid JSON/);

      // Questions to review first: imported as drafts, then accepted or rejected by number.
      expect((await runCli(library, ['eval', 'import', 'review set', file, '--draft', '--json'])).json).toMatchObject({
        imported: 2,
      });
      expect((await runCli(library, ['eval', 'accept', 'review set', '1', '--json'])).json).toEqual({ accepted: [1] });
      expect((await runCli(library, ['eval', 'reject', 'review set', '9', '--json'])).json).toMatchObject({
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/Question 9 is not a draft/) },
      });
      expect((await runCli(library, ['eval', 'reject', 'review set', '2', '--json'])).json).toEqual({ rejected: [2] });
      expect((await runCli(library, ['eval', 'show', 'review set'])).stdout).toMatch(
        /review set \(.*\): 1 questions, 0 drafts/,
      );

      const csv = await runCli(library, ['eval', 'export', setId, '--format', 'csv']);
      expect(csv.stdout.split('\r\n')[0]).toBe('question,expected,paper,page,unanswerable');
      expect(csv.stdout).toContain('What is the boiling point of mercury in kelvin?,,,,true');

      const vocab = tinyVocab(TINY.vocab, ['Paris']);
      const model = writeTinyLlama(path.join(dir, 'tiny.gguf'), { extraPieces: ['Paris'], contextLength: 2048 });
      const adapter = writeForcingAdapter(path.join(dir, 'force.gguf'), { token: vocab.tokens.indexOf('Paris') });
      const run = await runCli(library, [
        'eval',
        'run',
        'corpus questions',
        '--model',
        model,
        '--adapter',
        `${adapter}:1`,
        '--max-tokens',
        '1',
        '-k',
        '3',
        '--json',
      ]);
      expect(run.code).toBe(0);
      const summary = run.json as RunSummary;
      expect(summary.state).toBe('done');
      expect(summary.configurations.map((c) => [c.label, c.exactMatch])).toEqual([
        ['tiny-llama-test with retrieval', 0],
        ['tiny-llama-test without retrieval', 0],
        ['tiny-llama-test + force-token-261@1 with retrieval', 1],
        ['tiny-llama-test + force-token-261@1 without retrieval', 1],
      ]);
      expect(summary.configurations[2]).toMatchObject({ recallAtK: 1, abstention: { unanswerable: 1, rate: 1 } });

      const shown = await runCli(library, ['eval', 'show', summary.runId, '--answers']);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(
        /tiny-llama-test \+ force-token-261@1 with retrieval\n {4}EM 1\.00 {2}F1 1\.00 {2}recall@k 1\.00/,
      );
      expect(shown.stdout).toMatch(
        /Q1\. Which transaction does the deadlock detector abort\? {2}expected: Paris\n(.*\n)* {2}tiny-llama-test \+ force-token-261@1 without retrieval: Paris/,
      );
      const detail = (await runCli(library, ['eval', 'show', summary.runId, '--answers', '--json'])).json as RunDetail;
      expect(detail.results).toHaveLength(8);
      const set = await runCli(library, ['eval', 'show', 'corpus questions']);
      expect(set.stdout).toMatch(/corpus questions \(.*\): 2 questions, 0 drafts/);

      // The tiny model writes no usable draft: the job still ends, and says so.
      const drafted = await runCli(library, ['eval', 'draft', setId, '-n', '2', '--model', model, '--json']);
      expect(drafted.json).toMatchObject({
        job: {
          state: 'done',
          message: expect.stringMatching(/0 questions drafted for review, 2 replies did not keep to the form/),
        },
        drafts: [],
      });

      const extractive = await runCli(library, ['eval', 'run', setId, '--no-llm', '--json']);
      expect((extractive.json as RunSummary).configurations).toMatchObject([
        { label: 'no model (extractive) with retrieval', modelId: null },
      ]);
      expect((extractive.json as RunSummary).configurations[0]!.citations.verified).toBeGreaterThan(0);

      const out = path.join(dir, 'training');
      const exported = await runCli(library, [
        'dataset',
        'export',
        '--set',
        'corpus questions',
        '--set',
        'second set',
        '--model',
        model,
        '--validation',
        '0',
        '--out',
        out,
        '--json',
      ]);
      expect(exported.code).toBe(0);
      const data = exported.json as {
        files: string[];
        counts: Record<string, number>;
        tokens: { train: { modelName: string; max: number } };
      };
      expect(data.counts).toEqual({ fromSets: 2, fromConversations: 0, duplicates: 1, train: 1, validation: 0 });
      expect(data.files.map((f) => path.basename(f))).toEqual([
        'scholium-chat-train.jsonl',
        'scholium-chat-validation.jsonl',
      ]);
      expect(JSON.parse(fs.readFileSync(data.files[0]!, 'utf8').trim())).toMatchObject({
        messages: [
          { role: 'system' },
          { role: 'user', content: 'Which transaction does the deadlock detector abort?' },
          { role: 'assistant', content: 'Paris' },
        ],
      });
      expect(data.tokens.train.modelName).toBe('tiny-llama-test');
      expect(data.tokens.train.max).toBeGreaterThan(10);

      const missing = await runCli(library, ['eval', 'run', 'no such set', '--json']);
      expect(missing.code).toBe(1);
      expect(missing.json).toMatchObject({
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/no validation set with id or name "no such set"/) },
      });
      const badFormat = await runCli(library, ['dataset', 'export', '--format', 'sharegpt', '--out', out, '--json']);
      expect(badFormat.json).toMatchObject({
        error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/--format must be chat or alpaca/) },
      });
    },
  );
});
