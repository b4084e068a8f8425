import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../../electron/core/models/embedder.js';
import { findVectorTable } from '../../../electron/core/library/store/vectors.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { openTestLibrary, until, type TestLibrary } from './harness.js';

/** A deterministic stand-in for the models service's embedder: hashed bag of words, L2-normalised. */
class HashingEmbedder implements Embedder {
  calls = 0;
  /** Each embed call waits for this (to stop a job part-way). */
  gate: () => Promise<void> = () => Promise.resolve();

  constructor(
    readonly modelId: string,
    readonly dimension: number,
  ) {}

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    this.calls += 1;
    const cancelled = new Promise((_, reject) => {
      const stop = (): void => reject(new Error('cancelled'));
      if (options.signal?.aborted === true) stop();
      else options.signal?.addEventListener('abort', stop, { once: true });
    });
    await Promise.race([this.gate(), cancelled]);
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
        v[createHash('md5').update(word).digest()[0]! % this.dimension]! += 1;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}

function corpus(n: number): string {
  const file = path.join(tempDir(), 'corpus.jsonl');
  const topics = [
    'protein folding kinase',
    'galaxy redshift telescope',
    'neural network training',
    'soil nitrogen crops',
  ];
  fs.writeFileSync(
    file,
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ _id: `d${i}`, title: `Doc ${i}`, text: `${topics[i % 4]} study number ${i}.` }),
    ).join('\n'),
  );
  return file;
}

let open: TestLibrary[] = [];
afterEach(async () => {
  const closing = open;
  open = [];
  for (const lib of closing) await lib.close();
});

describe('embedding stage', () => {
  it('without an embedding model, passages are full-text only and marked unembedded', async () => {
    const lib = openTestLibrary();
    open.push(lib);
    await lib.importAll([corpus(5)]);
    expect(lib.library.embedding.status()).toEqual({
      modelId: null,
      dimension: null,
      passages: 5,
      embedded: 0,
      jobId: null,
    });
    expect(lib.library.queries.list().every((p) => p.status === 'indexed')).toBe(true);
  });

  it('embeds new passages in batches after an import, resumes after a stop, and re-embeds when the model changes', async () => {
    let current: Embedder = new HashingEmbedder('hash-16', 16);
    const lib = openTestLibrary({ embedder: () => current });
    open.push(lib);
    const first = current as HashingEmbedder;
    // Let one batch of 32 through, then hold the job so it can be stopped part-way.
    let batches = 0;
    first.gate = () => (++batches <= 1 ? Promise.resolve() : new Promise(() => undefined));
    await lib.importAll([corpus(80)]);
    await until(() => lib.library.embedding.status().embedded === 32 && first.calls === 2);
    await lib.library.embedding.stop();
    expect(lib.library.embedding.status()).toMatchObject({
      modelId: 'hash-16',
      dimension: 16,
      passages: 80,
      embedded: 32,
      jobId: null,
    });

    // Started again (as after a restart), only the 48 missing passages are embedded.
    first.gate = () => Promise.resolve();
    const job = (await lib.library.embedding.start())!;
    const finished = await lib.jobs.wait(job.jobId);
    expect(finished.state).toBe('done');
    // Its rate counts passages (too few, too fast here for a pace or a time left).
    expect(finished.rate).toMatchObject({ unit: 'passages', done: 48, ocr: null });
    const table = findVectorTable(lib.db, 'hash-16', 16)!;
    expect(lib.count(table.table)).toBe(80);
    expect(lib.library.queries.list().every((p) => p.status === 'embedded')).toBe(true);

    // Nearest neighbours come from the model's vec0 table, and can be scoped by paper.
    const [query] = await first.embed(['galaxy telescope redshift']);
    const hits = lib.db
      .prepare(
        `SELECT v.passage_id AS id, ps.text FROM ${table.table} v JOIN passages ps ON ps.id = v.passage_id WHERE v.embedding MATCH ? AND k = 5 ORDER BY v.distance`,
      )
      .all(query) as { id: number; text: string }[];
    expect(hits.every((h) => h.text.startsWith('galaxy redshift telescope'))).toBe(true);
    const paperId = (
      lib.db.prepare('SELECT paper_id AS p FROM passages WHERE id = ?').get(hits[0]!.id) as { p: string }
    ).p;
    const scoped = lib.db
      .prepare(`SELECT passage_id FROM ${table.table} WHERE embedding MATCH ? AND k = 5 AND paper_id = ?`)
      .all(query, paperId);
    expect(scoped).toEqual([{ passage_id: hits[0]!.id }]);

    // A new embedding model: a background job embeds everything again into its own table.
    current = new HashingEmbedder('hash-8', 8);
    const reembed = (await lib.library.embedding.modelChanged())!;
    expect(lib.library.embedding.status().embedded).toBe(0);
    await lib.jobs.wait(reembed.jobId);
    expect(lib.library.embedding.status()).toMatchObject({
      modelId: 'hash-8',
      dimension: 8,
      passages: 80,
      embedded: 80,
    });
    expect(lib.count(findVectorTable(lib.db, 'hash-8', 8)!.table)).toBe(80);

    // Back to the first model: its vectors are still there, nothing to embed.
    current = first;
    const callsBefore = first.calls;
    expect(await lib.library.embedding.modelChanged()).toBeNull();
    expect(lib.library.embedding.status()).toMatchObject({ modelId: 'hash-16', embedded: 80 });
    expect(first.calls).toBe(callsBefore);

    // Removing a paper removes its vectors from every model's table.
    lib.library.remove(paperId);
    expect(lib.count(table.table)).toBe(79);
    expect(lib.count(findVectorTable(lib.db, 'hash-8', 8)!.table)).toBe(79);
  });
});
