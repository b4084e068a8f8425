import type Database from 'better-sqlite3';
import type { ResolvedScope } from './scope.js';

/** Title weight 2, section 0, text 1: measured best on SciFact (see migration 002). */
export const BM25_WEIGHTS = '2.0, 0.0, 1.0';
/** FTS5's bm25 constant k1: a word's share of a passage's score is below idf × (k1 + 1) however often it occurs. */
const BM25_K1 = 1.2;
/** Words held by at least this share of the passages are common: their passages are not scored one by one. */
const COMMON_SHARE = 0.01;
/** The first hits the bound keeps exactly as the full query ranks them (the rest of the list is ranked as well). */
const EXACT_HEAD = 10;

/**
 * The best passages in scope for an OR of words, by bm25 over every word, or null when this cannot be shown to give the
 * same first EXACT_HEAD hits as scoring every match, and the caller must do that. FTS5 scores each passage holding any
 * query word (reading its length and the words' positions), so at a million passages a question with a few common
 * words scored hundreds of thousands of rows. Here the rare words R (held by under COMMON_SHARE of the passages) find
 * the candidates and the common words C only add to their scores:
 * - `R AND C` ranks the passages holding both by their full score;
 * - `R` alone ranks every passage holding a rare word by the rare words' share of its score, which is its full score
 *   when it holds no common word (a passage holding one is either in the first list's `limit` or scores below all of
 *   them, so it cannot rise above a hit that list places).
 * A passage holding only common words scores at most Σ idf(c) × (k1 + 1) over C; when the EXACT_HEAD-th hit found
 * scores above that, no such passage can enter the head. An idf is bounded from what a capped count shows: a word held
 * by at least `cap` passages has idf ≤ ln((N − cap + ½) / (cap + ½)).
 */
export function boundedFullText(
  db: Database.Database,
  words: readonly string[],
  scope: ResolvedScope,
  limit: number,
): number[] | null {
  const passages = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM passages').get() as { n: number }).n;
  const cap = Math.max(1, Math.round(passages * COMMON_SHARE));
  const held = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)');
  const counted = words.map((word) => ({ word, holders: (held.get(quote(word), cap) as { n: number }).n }));
  const rare = counted.filter((w) => w.holders > 0 && w.holders < cap).map((w) => w.word);
  const common = counted.filter((w) => w.holders >= cap).map((w) => w.word);
  if (rare.length === 0) return null;
  const rareMatch = or(rare);
  if (common.length === 0) return ranked(db, rareMatch, scope, limit).map((r) => r.id);
  const full = ranked(db, `(${rareMatch}) AND (${or(common)})`, scope, limit);
  const seen = new Set(full.map((r) => r.id));
  const partial = ranked(db, rareMatch, scope, limit).filter((r) => !seen.has(r.id));
  const merged = [...full, ...partial].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
  const commonBound = common.length * idfBound(passages, cap) * (BM25_K1 + 1);
  // Fewer hits than the head: a passage with common words alone might still belong.
  if (merged.length < EXACT_HEAD || merged[EXACT_HEAD - 1]!.score <= commonBound) return null;
  return merged.map((r) => r.id);
}

/** Passage ids matching an FTS5 MATCH expression in scope with their bm25 scores (higher better), best first. */
export function ranked(
  db: Database.Database,
  match: string,
  scope: ResolvedScope,
  limit: number,
): { id: number; score: number }[] {
  if (scope.papers?.length === 0) return [];
  return db
    .prepare(
      `SELECT f.rowid AS id, -bm25(passages_fts, ${BM25_WEIGHTS}) AS score FROM passages_fts f JOIN passages ps ON ps.id = f.rowid
       WHERE passages_fts MATCH @match
         AND (@references = 1 OR ps.kind != 'references')
         AND (@papers IS NULL OR ps.paper_id IN (SELECT value FROM json_each(@papers)))
       ORDER BY score DESC LIMIT @limit`,
    )
    .all({
      match,
      references: scope.references ? 1 : 0,
      papers: scope.papers === null ? null : JSON.stringify(scope.papers),
      limit,
    }) as { id: number; score: number }[];
}

/** FTS5's idf for a word held by at least `holders` of `passages` passages, at most (it falls as holders rise). */
function idfBound(passages: number, holders: number): number {
  return Math.max(1e-6, Math.log((passages - holders + 0.5) / (holders + 0.5)));
}

/** A word quoted, so it is never read as FTS5 syntax. */
export function quote(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

function or(words: readonly string[]): string {
  return words.map(quote).join(' OR ');
}
