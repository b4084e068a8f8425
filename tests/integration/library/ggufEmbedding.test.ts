import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelService } from '../../../electron/core/models/modelService.js';
import { findVectorTable } from '../../../electron/core/library/store/vectors.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { openTestLibrary, type TestLibrary } from '../../unit/library/harness.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  const closing = cleanup;
  cleanup = [];
  for (const close of closing.reverse()) await close();
});

describe('embedding stage with a real GGUF embedder (the tests’ tiny llama model with mean pooling, through the models service)', () => {
  it('leaves passages unembedded until an embedding model is set, then embeds them all into that model’s vector table', async () => {
    let models: ModelService | null = null;
    const lib: TestLibrary = openTestLibrary({ embedder: () => models?.embedder() ?? null });
    cleanup.push(() => lib.close());
    models = new ModelService(
      { db: lib.db, libraryDir: lib.dir, jobs: lib.jobs, mode: 'cli' },
      { gpu: false, threads: 1 },
    );
    cleanup.push(() => models!.close());

    const corpus = path.join(tempDir(), 'docs.jsonl');
    fs.writeFileSync(
      corpus,
      Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          _id: `d${i}`,
          title: `Document ${i}`,
          text: `The measured value in trial ${i} was ${i * 7}.`,
        }),
      ).join('\n'),
    );
    await lib.importAll([corpus]);
    // No embedding default yet: the models service says NOT_FOUND, the library stays full-text only.
    expect(await lib.library.embedding.start()).toBeNull();
    expect(lib.library.embedding.status()).toMatchObject({ modelId: null, embedded: 0, passages: 40 });

    const ctx = { emit: () => undefined, signal: new AbortController().signal };
    const added = await models
      .handlers()
      ['models.add'](
        { path: writeTinyLlama(path.join(lib.dir, 'tiny.gguf'), { pooling: true }), copy: false, name: 'tiny' },
        ctx,
      );
    await models.handlers()['models.setDefault']({ role: 'embedding', modelId: added.modelId }, ctx);
    const job = (await lib.library.embedding.modelChanged())!;
    expect((await lib.jobs.wait(job.jobId)).state).toBe('done');
    expect(lib.library.embedding.status()).toMatchObject({
      modelId: added.modelId,
      dimension: 64,
      passages: 40,
      embedded: 40,
    });
    expect(lib.library.queries.list().every((p) => p.status === 'embedded')).toBe(true);

    // The stored vector of a passage is the model's vector of what was embedded (title, blank line, text).
    const table = findVectorTable(lib.db, added.modelId, 64)!;
    const [query] = await models.embedder().embed(['Document 7\n\nThe measured value in trial 7 was 49.']);
    const nearest = lib.db
      .prepare(
        `SELECT p.doc_key AS key, v.distance FROM ${table.table} v JOIN passages ps ON ps.id = v.passage_id JOIN papers p ON p.id = ps.paper_id WHERE v.embedding MATCH ? AND k = 1`,
      )
      .get(query) as { key: string; distance: number };
    expect(nearest.key).toBe('d7');
    expect(nearest.distance).toBeLessThan(1e-4);
  }, 120_000);
});
