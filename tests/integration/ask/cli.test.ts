import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeRuntimeSettings } from '../../../electron/core/models/runtimeSettings.js';
import { DATABASE_FILE } from '../../../electron/core/db/database.js';
import { startScriptedServer } from '../../fixtures/llamaServer/scriptedServer.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { runCli } from '../library/cliProcess.js';
import { importPapersWithCli } from './askLibrary.js';

interface Hit {
  passageId: string;
  paperId: string;
  title: string;
  page: number | null;
  text: string;
  score: number;
}

describe('scholium search and ask', () => {
  it('searches and answers from the command line, in JSON and in words', async () => {
    const dir = tempDir();
    const library = await importPapersWithCli(dir);

    const search = await runCli(library, ['search', 'deadlock detector transaction', '-k', '3', '--json']);
    expect(search.code).toBe(0);
    const hits = search.json as Hit[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(Object.keys(hits[0]!).sort()).toEqual(['page', 'paperId', 'passageId', 'score', 'text', 'title']);
    expect(hits[0]!.title).toBe('Transactions in Berkeley DB');

    const scoped = await runCli(library, [
      'search',
      'loops loudness transactions',
      '--paper',
      hits[0]!.paperId,
      '--json',
    ]);
    expect(new Set((scoped.json as Hit[]).map((h) => h.paperId))).toEqual(new Set([hits[0]!.paperId]));

    const ask = await runCli(library, [
      'ask',
      'Which transaction does the deadlock detector abort?',
      '--no-llm',
      '--json',
    ]);
    expect(ask.code).toBe(0);
    const answer = ask.json as {
      answer: string;
      citations: { n: number; status: string; title: string; quote: string }[];
      passages: { n: number }[];
      model: unknown;
      adapters: unknown[];
    };
    expect(answer.answer).toMatch(/youngest transaction/);
    expect(answer.model).toBeNull();
    // The shapes the issue gives: {answer, citations: [{n, passageId, paperId, title, page, quote, status}], passages:
    // [{n, passageId, paperId, title, page, text}], model, adapters}.
    expect(Object.keys(answer)).toEqual(
      expect.arrayContaining(['answer', 'citations', 'passages', 'model', 'adapters']),
    );
    expect(Object.keys(answer.citations[0]!).sort()).toEqual([
      'bearsOnQuestion',
      'n',
      'page',
      'paperId',
      'passageId',
      'quote',
      'status',
      'title',
    ]);
    expect(Object.keys(answer.passages[0]!).sort()).toEqual(['n', 'page', 'paperId', 'passageId', 'text', 'title']);
    expect(answer.adapters).toEqual([]);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.status === 'verified' && answer.passages.some((p) => p.n === c.n))).toBe(
      true,
    );

    const words = await runCli(library, ['ask', 'Which transaction does the deadlock detector abort?', '--no-llm']);
    expect(words.stdout).toMatch(/youngest transaction/);
    expect(words.stdout).toMatch(
      /\[\d\] Transactions in Berkeley DB — verified \(quote found\), bears on the question/,
    );

    const missing = await runCli(library, ['ask', 'loudness?', '--model', 'no-such-model', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers with a chat model and an adapter given as paths, the adapter with a scale', async () => {
    const dir = tempDir();
    const library = await importPapersWithCli(dir);
    // One llama.cpp thread and no GPU, as the in-process ask tests run: two threads spin on a busy 2-core machine.
    const db = new Database(path.join(library, DATABASE_FILE));
    writeRuntimeSettings(db, { threads: 1, gpu: false });
    db.close();
    const model = writeTinyLlama(path.join(dir, 'tiny-quote.gguf'), { extraPieces: ['“'], contextLength: 2048 });
    const adapter = writeForcingAdapter(path.join(dir, 'force-quote.gguf'), {
      token: tinyVocab(TINY.vocab, ['“']).tokens.indexOf('“'),
    });
    // The tiny model spells a quotation nearly a character a token: room for whole ones.
    expect((await runCli(library, ['models', 'settings', '--max-tokens', '400'])).code).toBe(0);
    const generated = await runCli(library, [
      'ask',
      'Which transaction does the deadlock detector abort?',
      '--model',
      model,
      '--adapter',
      `${adapter}:1`,
      '-k',
      '2',
      '--json',
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    const g = generated.json as {
      answer: string;
      citations: { n: number; passageId: string; page: number | null; status: string }[];
      passages: { n: number; passageId: string }[];
      model: { id: string; name: string };
      adapters: { id: string; name: string; scale: number }[];
    };
    expect(g.model.name).toBe('tiny-llama-test');
    expect(g.adapters).toEqual([{ id: expect.any(String), name: expect.any(String), scale: 1 }]);
    // The adapter pushes "“" (a quotation rather than a decline); the grammar writes the best evidence sentence.
    expect(g.answer).toMatch(/^“[^”]+” \[1\]/);
    expect(g.citations[0]).toMatchObject({ n: 1, passageId: g.passages[0]!.passageId, status: 'verified' });

    // A model on a server that takes no grammar writes free text: its sentences cite nothing, one is attributed to the
    // passage that states it, one backed by none, and the words say so.
    const server = await startScriptedServer({
      models: ['lab-chat'],
      ownedBy: 'lab',
      answer: ['The deadlock detector aborts the youngest transaction in the cycle. ', 'The moon is made of cheese.'],
    });
    try {
      const added = await runCli(library, ['models', 'add-server', server.base, '--chat', 'lab-chat', '--json']);
      expect(added.code, added.stderr).toBe(0);
      const remote = (added.json as { registered: { modelId: string }[] }).registered[0]!.modelId;
      const uncited = await runCli(library, [
        'ask',
        'Which transaction does the deadlock detector abort?',
        '--model',
        remote,
        '-k',
        '2',
      ]);
      expect(uncited.code, uncited.stderr).toBe(0);
      expect(uncited.stdout).toMatch(/Warning: 2 sentence\(s\) of the answer cite no passage: 1 attributed/);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('names a passage by its section in words, and by its score alone when it has none', async () => {
    const dir = tempDir();
    const library = await importPapersWithCli(dir);
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(
      notes,
      'Sourdough bread rises slowly because wild yeast ferments the dough overnight. The baker keeps a starter of ' +
        'flour and water alive for years, feeding it every day, and the lactic bacteria in it sour the loaf.\n',
    );
    expect((await runCli(library, ['import', notes])).code).toBe(0);

    const unsectioned = await runCli(library, ['search', 'sourdough yeast', '-k', '1']);
    expect(unsectioned.stdout).toMatch(/^1\. notes \(score \d\.\d{3}\)\n/);
    const sectioned = await runCli(library, ['search', 'deadlock detector', '-k', '1']);
    expect(sectioned.stdout).toMatch(/^1\. Transactions in Berkeley DB \(3 Locking, score \d\.\d{3}\)\n/);
  }, 120_000);
});
