import type { PassageSearch, StoredPassage } from '../../library/search/passageSearch.js';
import type { ResolvedScope } from '../../library/search/scope.js';
import type { PageStart } from '../../library/extract/passagePages.js';
import type { Embedder } from '../../models/embedder.js';
import { ServerFault } from '../../models/remote/serverFaults.js';
import { diversify, reciprocalRankFusion } from './fusion.js';
import { ftsWords } from './ftsQuery.js';
import { pageForQuery } from './hitPage.js';
import { rescoreByProximity } from './proximity.js';
import { leadingPaper, singledOutPaper } from './paperFocus.js';
import type { Vocabulary } from './relevance.js';

export type RetrievalMode = 'hybrid' | 'fts' | 'vector';

/** A passage found for a query, with everything the prompt, the UI and the verifier need. */
export interface RetrievedPassage extends StoredPassage {
  /** The page of the passage's sentence that best matches the query (see hitPage.ts); `spans` say all its pages. */
  page: number | null;
  /** Where each page's part of the passage begins in `text`: citations name the page their quote is on. */
  pages: PageStart[];
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
  /**
   * At most this many of the first k slots per paper while other papers have candidates (default: max(2, ⌈k/3⌉),
   * unless the question or the ranking's first hits single out a paper: see paperFocus.ts).
   */
  maxPerPaper?: number;
  /** Told why the ranking is full text only when vectors were asked for (a model server that fails). */
  onFallback?: (reason: string) => void;
}

/** Candidates each list contributes before fusion: fusion and diversity need more than k. */
const CANDIDATES = 50;

/**
 * Hybrid retrieval over the library: FTS5 BM25 and sqlite-vec KNN, fused by reciprocal rank, the first candidates
 * ranked again by how closely their sentences hold the question's words (proximity.ts), optionally reranked by a
 * cross-encoder, then diversified so one paper cannot take every slot. Without an embedder it is full-text only.
 */
export class Retriever {
  constructor(
    private readonly library: PassageSearch,
    private readonly models: RetrievalModels,
  ) {}

  /** The whole library's words, for the relevance gate. */
  readonly vocabulary: Vocabulary = {
    atLeast: (passages) => this.library.hasAtLeast(passages),
    has: (word) => this.library.hasWord(word),
  };

  /** The file names of the papers these passages come from. */
  fileNames(passages: readonly { paperId: string }[]): string[] {
    return this.library.fileNames([...new Set(passages.map((p) => p.paperId))]);
  }

  /** Full-text ranking: passage ids, best first. */
  fullText(query: string, scope: ResolvedScope, limit: number): number[] {
    return this.library.fullText(ftsWords(query), scope, limit);
  }

  /** Vector ranking with cosine similarities, or null when no embedder is set or nothing is embedded with it. */
  async vectors(
    query: string,
    scope: ResolvedScope,
    limit: number,
  ): Promise<{ id: number; similarity: number }[] | null> {
    const embedder = this.models.embedder();
    if (embedder === null) return null;
    const table = this.library.vectorTable(embedder.modelId, embedder.dimension);
    if (table === null) return null;
    // Nothing in scope: no need to embed the query.
    if (scope.papers?.length === 0) return [];
    const [vector] = await embedder.embed([query], { kind: 'query' });
    return this.library.nearest(table, vector!, scope, limit);
  }

  /**
   * A remote embedder that fails (down, refusing, too slow) leaves hybrid search with its full-text half, said so,
   * rather than no answer; a vector-only search has nothing to fall back on and fails with the server's message.
   */
  private async vectorsOrFallback(
    query: string,
    mode: RetrievalMode,
    options: RetrieveOptions,
    limit: number,
  ): Promise<{ id: number; similarity: number }[] | null> {
    try {
      return await this.vectors(query, options.scope, limit);
    } catch (error) {
      if (mode === 'vector' || !(error instanceof ServerFault)) throw error;
      options.onFallback?.(`${error.message} Passages were found by their words alone.`);
      return null;
    }
  }

  async search(query: string, options: RetrieveOptions): Promise<RetrievedPassage[]> {
    const mode = options.mode ?? 'hybrid';
    const limit = Math.max(CANDIDATES, options.k * 5);
    const text = mode === 'vector' ? [] : this.fullText(query, options.scope, limit);
    const vector = mode === 'fts' ? null : await this.vectorsOrFallback(query, mode, options, limit);
    const similarity = new Map((vector ?? []).map((v) => [v.id, v.similarity]));
    const fused = reciprocalRankFusion(
      [text.map(String), (vector ?? []).map((v) => String(v.id))].filter((l) => l.length > 0),
    );
    const fusedPassages = this.library.passages(fused.map((f) => Number(f.id))).map((row, i) => ({
      ...row,
      score: fused[i]!.score,
      similarity: similarity.get(Number(row.passageId)) ?? null,
    }));
    // A third ranking, where two were fused: on SciFact's abstracts it lowered full text alone (see proximity.ts).
    let ranked =
      text.length > 0 && (vector?.length ?? 0) > 0 ? rescoreByProximity(query, fusedPassages) : fusedPassages;
    const rerank = options.rerank !== false ? this.models.reranker() : null;
    if (rerank !== null && ranked.length > 0) {
      const head = ranked.slice(0, Math.max(options.k * 3, 20));
      const scores = await rerank(
        query,
        head.map((p) => `${p.title}\n${p.text}`),
      );
      ranked = head.map((p, i) => ({ ...p, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
    }
    const focused =
      options.maxPerPaper === undefined &&
      (leadingPaper(ranked) !== null ||
        singledOutPaper(query, (w) => this.library.papersHolding(w, options.scope)) !== null);
    const maxPerPaper = options.maxPerPaper ?? (focused ? options.k : Math.max(2, Math.ceil(options.k / 3)));
    return diversify(ranked, options.k, maxPerPaper).map((hit) => {
      const pages = this.library.pageStarts(hit.paperId, hit.spans);
      return { ...hit, pages, page: pageForQuery(query, { ...hit, pages }) };
    });
  }
}
