import type Database from 'better-sqlite3';
import type { Box } from '../../library/types.js';
import { findVectorTable } from '../../library/store/vectors.js';
import type { Embedder } from '../../models/embedder.js';
import { diversify, reciprocalRankFusion } from './fusion.js';
import { ftsQuery } from './ftsQuery.js';
import type { Vocabulary } from './relevance.js';
import type { ResolvedScope } from './scope.js';

export type RetrievalMode = 'hybrid' | 'fts' | 'vector';

/** A passage found for a query, with everything the prompt, the UI and the verifier need. */
export interface RetrievedPassage {
  passageId: string;
  paperId: string;
  title: string;
  year: number | null;
  page: number | null;
  section: string;
  text: string;
  boxes: Box[];
  /** Fused (or reranked) score: higher is better. */
  score: number;
  /** Cosine similarity of query and passage when vector search ran, else null. */
  similarity: number | null;
}

/** What retrieval needs from the model service; each may be absent (null). */
export interface RetrievalModels {
  embedder(): Embedder | null;
  /** Relevance of each document to the query by the reranker, or null when none is set. */
  reranker(): ((query: string, documents: readonly string[]) => Promise<number[]>) | null;
}

export interface RetrieveOptions {
  k: number;
  scope: ResolvedScope;
  mode?: RetrievalMode;
  /** Rerank the fused candidates when a reranker is set (default true). */
  rerank?: boolean;
  /** At most this many of the first k slots per paper while other papers have candidates. */
  maxPerPaper?: number;
}

/** Candidates each list contributes before fusion: fusion and diversity need more than k. */
const CANDIDATES = 50;
/** Title weight 2, section 0, text 1: measured best on SciFact (see migration 002). */
const BM25_WEIGHTS = '2.0, 0.0, 1.0';
/** sqlite-vec's upper bound on k. */
const VEC_MAX_K = 4096;

/** A passage row as stored: boxes still JSON. */
type PassageRow = Omit<RetrievedPassage, 'passageId' | 'boxes' | 'score' | 'similarity'> & {
  id: number;
  boxes: string;
};

/**
 * Hybrid retrieval over the library: FTS5 BM25 and sqlite-vec KNN, fused by
 * reciprocal rank, optionally reranked by a cross-encoder, then diversified so
 * one paper cannot take every slot. Without an embedder it is full-text only.
 */
export class Retriever {
  constructor(
    private readonly db: Database.Database,
    private readonly models: RetrievalModels,
  ) {}

  /** The whole library's words, for the relevance gate. */
  readonly vocabulary: Vocabulary = {
    atLeast: (passages) =>
      (this.db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM passages LIMIT ?)').get(passages) as { n: number })
        .n >= passages,
    // Quoted, so the word is never read as FTS5 syntax.
    has: (word) =>
      this.db
        .prepare('SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT 1')
        .get(`"${word.replaceAll('"', '""')}"`) !== undefined,
  };

  /** Full-text ranking: passage ids, best first. */
  fullText(query: string, scope: ResolvedScope, limit: number): number[] {
    const match = ftsQuery(query);
    if (match === null || scope.papers?.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT f.rowid AS id FROM passages_fts f JOIN passages ps ON ps.id = f.rowid
         WHERE passages_fts MATCH @match
           AND (@references = 1 OR ps.kind != 'references')
           AND (@papers IS NULL OR ps.paper_id IN (SELECT value FROM json_each(@papers)))
         ORDER BY bm25(passages_fts, ${BM25_WEIGHTS}) LIMIT @limit`,
      )
      .all({
        match,
        references: scope.references ? 1 : 0,
        papers: scope.papers === null ? null : JSON.stringify(scope.papers),
        limit,
      }) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Vector ranking with cosine similarities, or null when no embedder is set or nothing is embedded with it. */
  async vectors(
    query: string,
    scope: ResolvedScope,
    limit: number,
  ): Promise<{ id: number; similarity: number }[] | null> {
    const embedder = this.models.embedder();
    if (embedder === null) return null;
    const table = findVectorTable(this.db, embedder.modelId, embedder.dimension);
    if (table === null) return null;
    if (scope.papers?.length === 0) return [];
    const [vector] = await embedder.embed([query], { kind: 'query' });
    const filters = [
      scope.references ? '' : 'AND refs = 0',
      scope.papers === null ? '' : 'AND paper_id IN (SELECT value FROM json_each(@papers))',
    ].join(' ');
    const rows = this.db
      .prepare(
        `SELECT passage_id AS id, distance FROM ${table.table} WHERE embedding MATCH @vector AND k = @k ${filters} ORDER BY distance`,
      )
      .all({
        vector,
        k: Math.min(limit, VEC_MAX_K),
        ...(scope.papers === null ? {} : { papers: JSON.stringify(scope.papers) }),
      }) as { id: number; distance: number }[];
    return rows.map((r) => ({ id: Number(r.id), similarity: 1 - r.distance }));
  }

  async search(query: string, options: RetrieveOptions): Promise<RetrievedPassage[]> {
    const mode = options.mode ?? 'hybrid';
    const limit = Math.max(CANDIDATES, options.k * 5);
    const text = mode === 'vector' ? [] : this.fullText(query, options.scope, limit);
    const vector = mode === 'fts' ? null : await this.vectors(query, options.scope, limit);
    const similarity = new Map((vector ?? []).map((v) => [v.id, v.similarity]));
    const fused = reciprocalRankFusion(
      [text.map(String), (vector ?? []).map((v) => String(v.id))].filter((l) => l.length > 0),
    );
    let ranked = this.hydrate(fused.map((f) => Number(f.id))).map((row, i) => ({
      ...row,
      score: fused[i]!.score,
      similarity: similarity.get(Number(row.passageId)) ?? null,
    }));
    const rerank = options.rerank !== false ? this.models.reranker() : null;
    if (rerank !== null && ranked.length > 0) {
      const head = ranked.slice(0, Math.max(options.k * 3, 20));
      const scores = await rerank(
        query,
        head.map((p) => `${p.title}\n${p.text}`),
      );
      ranked = head.map((p, i) => ({ ...p, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
    }
    return diversify(ranked, options.k, options.maxPerPaper ?? Math.max(2, Math.ceil(options.k / 3)));
  }

  /** Passage rows for ids, in the order given. */
  private hydrate(ids: number[]): Omit<RetrievedPassage, 'score' | 'similarity'>[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ps.id, ps.paper_id AS paperId, p.title, p.year, ps.page, ps.section, ps.text, ps.boxes
         FROM passages ps JOIN papers p ON p.id = ps.paper_id WHERE ps.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as PassageRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is PassageRow => r !== undefined)
      .map((r) => ({
        passageId: String(r.id),
        paperId: r.paperId,
        title: r.title,
        year: r.year,
        page: r.page,
        section: r.section,
        text: r.text,
        boxes: JSON.parse(r.boxes) as Box[],
      }));
  }
}
