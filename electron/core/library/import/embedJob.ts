import type Database from 'better-sqlite3';
import type { JobContext } from '../../jobs/jobManager.js';
import { steadyRate } from '../../jobs/jobRate.js';
import type { Embedder } from '../../models/embedder.js';
import { ensureVectorTable, VectorStore } from '../store/vectors.js';

export const EMBED_BATCH = 32;

/**
 * Embeds every passage without a vector of `embedder`'s model, a batch at a
 * time, each batch stored in one transaction. The `embedded` flags are the
 * only state, so a job stopped anywhere (cancel, crash) resumes with the
 * passages still missing; passages imported while it runs are picked up too.
 */
export async function runEmbedding(
  db: Database.Database,
  embedder: Embedder,
  ctx: JobContext,
  batchSize = EMBED_BATCH,
): Promise<void> {
  const vectors = ensureVectorTable(db, embedder.modelId, embedder.dimension);
  const store = new VectorStore(db);
  store.useModel(vectors);
  const remaining = db.prepare('SELECT count(*) AS n FROM passages WHERE embedded = 0');
  let done = 0;
  const started = performance.now();
  for (;;) {
    ctx.signal.throwIfAborted();
    const batch = store.unembedded(batchSize);
    const left = (remaining.get() as { n: number }).n;
    const rate = steadyRate('passages', done, left, performance.now() - started);
    ctx.progress(done, done + left, `Embedding passages with ${embedder.modelId}`, rate);
    if (batch.length === 0) return;
    const embeddings = await embedder.embed(
      batch.map((p) => p.input),
      { signal: ctx.signal, kind: 'passage' },
    );
    ctx.signal.throwIfAborted();
    store.write(vectors, batch, embeddings);
    done += batch.length;
  }
}
