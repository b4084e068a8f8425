import fs from 'node:fs';
import path from 'node:path';
import { unwrap } from '../../electron/cli/output.js';
import type { RetrievalMode } from '../../electron/core/ask/retrieval/retriever.js';
import { resolveScope } from '../../electron/core/library/search/scope.js';
import { mean, ndcgAt, recallAt } from '../../electron/core/evaluation/metrics.js';
import type { Core } from '../../electron/core/index.js';

export const SCIFACT = path.resolve(import.meta.dirname, '../../../shared/datasets/scifact');

export interface BeirQuery {
  id: string;
  text: string;
  relevance: Map<string, number>;
}

/** The test queries that have judgements, with their graded relevance by corpus id. */
export function scifactTestQueries(dir = SCIFACT): BeirQuery[] {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of fs.readFileSync(path.join(dir, 'qrels', 'test.tsv'), 'utf8').split('\n')) {
    const [query, , doc, rel] = line.trim().split(/\s+/);
    if (query === undefined || doc === undefined || rel === undefined || !/^\d+$/.test(rel)) continue;
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query)!.set(doc, Number(rel));
  }
  const queries: BeirQuery[] = [];
  for (const line of fs.readFileSync(path.join(dir, 'queries.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const q = JSON.parse(line) as { _id: string; text: string };
    const relevance = qrels.get(q._id);
    if (relevance !== undefined) queries.push({ id: q._id, text: q.text, relevance });
  }
  return queries;
}

/**
 * Imports the SciFact corpus (a JSONL of abstracts) into the core's library and waits for embedding when a model is
 * set.
 */
export async function importScifact(core: Core, dir = SCIFACT): Promise<void> {
  const { jobId } = unwrap(await core.invoke('library.import', { paths: [path.join(dir, 'corpus.jsonl')] }));
  const job = await core.jobs.wait(jobId);
  if (job.state !== 'done') throw new Error(`importing SciFact ended ${job.state}: ${job.error ?? ''}`);
  const embedding = unwrap(await core.invoke('library.embeddingStatus', {}));
  if (embedding.jobId !== null) await core.jobs.wait(embedding.jobId);
}

export interface ModeScore {
  mode: string;
  ndcg10: number;
  recall10: number;
  queries: number;
  msPerQuery: number;
}

/**
 * Scores one retrieval mode through the same retriever `ask` uses; one
 * passage per paper, so the ranking is of documents as BEIR judges them.
 */
export async function scoreScifact(
  core: Core,
  queries: readonly BeirQuery[],
  mode: RetrievalMode,
  rerank: boolean,
): Promise<ModeScore> {
  const docKey = new Map(
    (core.database.prepare('SELECT id, doc_key FROM papers').all() as { id: string; doc_key: string | null }[]).map(
      (r) => [r.id, r.doc_key ?? r.id],
    ),
  );
  const scope = resolveScope(core.database, {});
  const ndcg: number[] = [];
  const recall: number[] = [];
  const started = performance.now();
  for (const q of queries) {
    const hits = await core.ask.retriever.search(q.text, { k: 10, scope, mode, rerank, maxPerPaper: 1 });
    const ranked = [...new Set(hits.map((h) => docKey.get(h.paperId)!))];
    ndcg.push(ndcgAt(10, ranked, q.relevance));
    recall.push(recallAt(10, ranked, new Set([...q.relevance].filter(([, r]) => r > 0).map(([id]) => id))));
  }
  return {
    mode: rerank ? `${mode} + rerank` : mode,
    ndcg10: mean(ndcg),
    recall10: mean(recall),
    queries: queries.length,
    msPerQuery: (performance.now() - started) / Math.max(1, queries.length),
  };
}
