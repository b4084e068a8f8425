import path from 'node:path';
import type Database from 'better-sqlite3';
import { pageStarts, type PageStart } from '../extract/passagePages.js';
import type { Box, PageSpan } from '../types.js';
import { distancesTo, hasCodes } from '../store/vectorCodes.js';
import { findVectorTable, type VectorTable } from '../store/vectors.js';
import { boundedFullText, fullTextRanked, or, quote } from './boundedFullText.js';
import { codeIndexOf } from './codeIndex.js';
import type { ResolvedScope } from './scope.js';

/** A passage as search hands it out: its text, where it lies, and its paper's title and year. */
export interface StoredPassage {
  passageId: string;
  paperId: string;
  title: string;
  year: number | null;
  /** The first page the passage lies on. */
  page: number | null;
  section: string;
  text: string;
  boxes: Box[];
  /** Where its text lies in its pages' text (empty for documents without pages). */
  spans: PageSpan[];
}

/** Passages sampled per word to tell whether one paper alone holds it. */
const HOLDERS_SAMPLE = 100;
/** sqlite-vec's upper bound on k. */
const VEC_MAX_K = 4096;
/**
 * Libraries with at most this many vectors are searched by sqlite-vec's exact scan of the floats (about 1 µs a
 * passage); larger ones preselect candidates by their binary codes held in memory.
 */
const EXACT_SCAN_UP_TO = 20_000;
/**
 * Candidates the codes preselect for ranking by the float vectors. Share of the exact top 10 kept on SciFact claims at
 * 100,000 / 1,000,000 passages (README): 250 → 0.94 / 0.86, 500 → 0.98 / 0.92, 1,000 → 0.995 / 0.97, 4,000 → 1 / 1;
 * each candidate costs a few µs to rank.
 */
const PRESELECTED = 1_000;
/** Libraries with at least this many passages score only the passages holding a rarer query word (boundedFullText.ts). */
const BOUND_FULL_TEXT_FROM = 20_000;

/** A passage row as stored: boxes still JSON. */
type PassageRow = Omit<StoredPassage, 'passageId' | 'boxes' | 'spans'> & { id: number; boxes: string; spans: string };

/**
 * The library's passages as a search index: FTS5 BM25 ranking, sqlite-vec KNN within a scope, the passages for ids,
 * and the index's words. Ranking strategy (fusion, reranking, diversity) is the caller's.
 */
export class PassageSearch {
  constructor(
    private readonly db: Database.Database,
    private readonly options: { exactScanUpTo?: number; preselected?: number; boundFullTextFrom?: number } = {},
  ) {}

  /** Whether the library holds at least this many passages. */
  hasAtLeast(passages: number): boolean {
    return (
      (this.db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM passages LIMIT ?)').get(passages) as { n: number })
        .n >= passages
    );
  }

  /** Whether any passage's indexed text has this word (stemmed as the index stems). */
  hasWord(word: string): boolean {
    // Quoted, so the word is never read as FTS5 syntax.
    return (
      this.db.prepare('SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT 1').get(quote(word)) !== undefined
    );
  }

  /** The names (without folders) of these papers' files. */
  fileNames(paperIds: readonly string[]): string[] {
    return (
      this.db
        .prepare('SELECT path FROM files WHERE paper_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(paperIds)) as { path: string }[]
    ).map((r) => path.basename(r.path));
  }

  /** The papers of (up to HOLDERS_SAMPLE) passages in scope, reference lists aside, holding a word: one per passage. */
  papersHolding(word: string, scope: ResolvedScope): string[] {
    if (scope.papers?.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ps.paper_id AS paperId FROM passages_fts f JOIN passages ps ON ps.id = f.rowid
         WHERE passages_fts MATCH @match AND ps.kind != 'references'
           AND (@papers IS NULL OR ps.paper_id IN (SELECT value FROM json_each(@papers)))
         LIMIT ${HOLDERS_SAMPLE}`,
      )
      .all({
        match: quote(word),
        papers: scope.papers === null ? null : JSON.stringify(scope.papers),
      }) as { paperId: string }[];
    return rows.map((r) => r.paperId);
  }

  /**
   * Passages in scope holding any of the words, best bm25 first. From BOUND_FULL_TEXT_FROM passages on, only those
   * holding a rarer word are scored (boundedFullText.ts).
   */
  fullText(words: readonly string[], scope: ResolvedScope, limit: number): number[] {
    if (words.length === 0) return [];
    const from = this.options.boundFullTextFrom ?? BOUND_FULL_TEXT_FROM;
    return Number.isFinite(from) && this.hasAtLeast(from)
      ? boundedFullText(this.db, words, scope, limit)
      : fullTextRanked(this.db, or(words), scope, limit);
  }

  /** The vectors of a model, or null when nothing was embedded with it yet. */
  vectorTable(modelId: string, dimension: number): VectorTable | null {
    return findVectorTable(this.db, modelId, dimension);
  }

  /**
   * The passages in scope nearest to a vector, with their cosine similarities, nearest first. Past EXACT_SCAN_UP_TO
   * vectors, the binary codes preselect candidates by Hamming distance and their float vectors rank them.
   */
  nearest(
    vectors: VectorTable,
    vector: Float32Array,
    scope: ResolvedScope,
    limit: number,
  ): { id: number; similarity: number }[] {
    if (scope.papers?.length === 0) return [];
    if (hasCodes(vectors.dimension)) {
      const index = codeIndexOf(this.db, vectors);
      if (index.count > (this.options.exactScanUpTo ?? EXACT_SCAN_UP_TO)) {
        const candidates = index.nearest(
          this.queryCode(vector),
          Math.max(limit, this.options.preselected ?? PRESELECTED),
          scope,
        );
        return this.rescore(vectors, vector, candidates).slice(0, limit);
      }
    }
    const filters = [
      scope.references ? '' : 'AND refs = 0',
      scope.papers === null ? '' : 'AND paper_id IN (SELECT value FROM json_each(@papers))',
    ].join(' ');
    const rows = this.db
      .prepare(
        `SELECT passage_id AS id, distance FROM ${vectors.table} WHERE embedding MATCH @vector AND k = @k ${filters} ORDER BY distance`,
      )
      .all({
        vector,
        k: Math.min(limit, VEC_MAX_K),
        ...(scope.papers === null ? {} : { papers: JSON.stringify(scope.papers) }),
      }) as { id: number; distance: number }[];
    return rows.map((r) => ({ id: Number(r.id), similarity: 1 - r.distance }));
  }

  /** A vector's binary code as the codes store it (vec_quantize_binary), as 32-bit words. */
  private queryCode(vector: Float32Array): Uint32Array {
    const bits = (this.db.prepare('SELECT vec_quantize_binary(?) AS bits').get(vector) as { bits: Buffer }).bits;
    const words = new Uint32Array(bits.length / 4);
    new Uint8Array(words.buffer).set(bits);
    return words;
  }

  /** Candidates ranked by the cosine of their float vectors with the query (as the exact scan computes it). */
  private rescore(
    vectors: VectorTable,
    vector: Float32Array,
    ids: readonly number[],
  ): { id: number; similarity: number }[] {
    return distancesTo(this.db, vectors.modelRow, vector, ids)
      .map((r) => ({ id: r.id, similarity: 1 - r.distance }))
      .sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  }

  /** Abstract and body passages in scope whose text length lies in the range, by paper and in reading order. */
  bodyPassages(
    scope: ResolvedScope,
    length: { min: number; max: number },
  ): { passageId: string; paperId: string; page: number | null; text: string }[] {
    return this.db
      .prepare(
        `SELECT CAST(id AS TEXT) AS passageId, paper_id AS paperId, page, text FROM passages
         WHERE kind IN ('abstract', 'body') AND length(text) BETWEEN @min AND @max
           AND (@papers IS NULL OR paper_id IN (SELECT value FROM json_each(@papers)))
         ORDER BY paper_id, ordinal`,
      )
      .all({ ...length, papers: scope.papers === null ? null : JSON.stringify(scope.papers) }) as {
      passageId: string;
      paperId: string;
      page: number | null;
      text: string;
    }[];
  }

  /** The pages a passage's text lies on (one, or more when it runs over a page break); none for an unknown id. */
  spanPages(passageId: number): number[] {
    const row = this.db.prepare('SELECT spans FROM passages WHERE id = ?').get(passageId) as
      { spans: string } | undefined;
    return (JSON.parse(row?.spans ?? '[]') as { page: number }[]).map((s) => s.page);
  }

  /** The passages for ids, in the order given; ids no longer in the library are left out. */
  passages(ids: readonly number[]): StoredPassage[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ps.id, ps.paper_id AS paperId, p.title, p.year, ps.page, ps.section, ps.text, ps.boxes, ps.spans
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
        spans: JSON.parse(r.spans) as PageSpan[],
      }));
  }

  /**
   * Where each page's part of a passage begins in its text (empty for documents without pages). Only a passage running
   * over a page break needs its pages' text.
   */
  pageStarts(paperId: string, spans: readonly PageSpan[]): PageStart[] {
    const pages = [...new Set(spans.map((s) => s.page))];
    if (pages.length === 0) return [];
    if (pages.length === 1) return [{ page: pages[0]!, start: 0 }];
    const rows = this.db
      .prepare('SELECT page, text FROM pages WHERE paper_id = ? AND page IN (SELECT value FROM json_each(?))')
      .all(paperId, JSON.stringify(pages)) as { page: number; text: string }[];
    const text = new Map(rows.map((r) => [r.page, r.text]));
    return pageStarts(spans, (page) => text.get(page) ?? '');
  }
}
