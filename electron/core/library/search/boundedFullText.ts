import type Database from 'better-sqlite3';
import type { ResolvedScope } from './scope.js';

/** Title weight 2, section 0, text 1: measured best on SciFact (see migration 002). */
const BM25_WEIGHTS = '2.0, 0.0, 1.0';
/**
 * The passages scored for a query, as a share of the library: the rarest words find candidates until together they
 * are held by this many passages. Measured on SciFact claims against every match scored (recall@10 at 5,000 real
 * passages / 1,000,000 mixed): 2 % kept 0.79 / 0.95, 5 % 0.96 / 0.98, 10 % 1.00 / 1.00 at 1.6× the time of 5 %.
 */
const CANDIDATE_SHARE = 0.05;
/** FTS5 ranks this many times `limit` before the scope is checked: reading a passage row per match cost 3× the ranking. */
const OVERFETCH = 4;

/** One hit: a passage id and its bm25 score, higher better. */
interface Hit {
  id: number;
  score: number;
}

/**
 * The best passages in scope for an OR of words, by bm25 over every word, scoring only the passages that hold one of
 * the rarer words. FTS5 scores each passage holding any query word (its length and the words' positions read per
 * passage), so at a million passages a question with a few common words scored hundreds of thousands of rows. Here
 * the rarest words R, held together by at most CANDIDATE_SHARE of the passages (the rarest one always), find the
 * candidates, and the other words C only add to their scores:
 * - `R AND C` ranks the passages holding both by their full score;
 * - `R` alone ranks those holding a rare word by the rare words' part of the score, which is all of it for a passage
 *   without common words (one with them is either among the first list's hits or below all of them).
 * A passage holding only common words is left out: its score is a sum of low idfs, and it seldom reaches the exact
 * search's first ten (recall@10 in bench/results/retrieval.md). Words no passage holds are dropped.
 */
export function boundedFullText(
  db: Database.Database,
  words: readonly string[],
  scope: ResolvedScope,
  limit: number,
): number[] {
  const passages = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM passages').get() as { n: number }).n;
  const budget = Math.max(1, Math.round(passages * CANDIDATE_SHARE));
  const count = holderCounter(db, budget + 1);
  const counted = words
    .map((word) => ({ word, holders: count(word) }))
    .filter((w) => w.holders > 0)
    .sort((a, b) => a.holders - b.holders);
  const rare: string[] = [];
  let holders = 0;
  for (const w of counted) {
    if (rare.length > 0 && holders + w.holders > budget) break;
    rare.push(w.word);
    holders += w.holders;
  }
  const common = counted.slice(rare.length).map((w) => w.word);
  if (rare.length === 0) return [];
  if (common.length === 0) return fullTextRanked(db, or(rare), scope, limit);
  const full = ranked(db, `(${or(rare)}) AND (${or(common)})`, scope, limit);
  const seen = new Set(full.map((r) => r.id));
  const partial = ranked(db, or(rare), scope, limit).filter((r) => !seen.has(r.id));
  return [...full, ...partial]
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit)
    .map((r) => r.id);
}

const counts = new WeakMap<Database.Database, { version: string; cap: number; holders: Map<string, number> }>();

/**
 * How many passages hold a word, counted up to `cap` (a common word costs no more to count than a rare one), and kept
 * until the library changes: the common words of questions recur, and each costs `cap` steps to count.
 */
function holderCounter(db: Database.Database, cap: number): (word: string) => number {
  // Changed by any commit of another connection, and by any row this one writes.
  const version = `${String(db.pragma('data_version', { simple: true }))}/${String(
    (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
  )}`;
  let cached = counts.get(db);
  if (cached?.version !== version || cached.cap !== cap) {
    cached = { version, cap, holders: new Map() };
    counts.set(db, cached);
  }
  const { holders } = cached;
  const held = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)');
  return (word) => {
    let n = holders.get(word);
    if (n === undefined) holders.set(word, (n = (held.get(quote(word), cap) as { n: number }).n));
    return n;
  };
}

/** Passage ids in scope matching an FTS5 MATCH expression, best bm25 first: every match scored. */
export function fullTextRanked(db: Database.Database, match: string, scope: ResolvedScope, limit: number): number[] {
  return ranked(db, match, scope, limit).map((r) => r.id);
}

/**
 * Passages in scope matching an FTS5 MATCH expression with their bm25 scores, best first. FTS5 ranks its matches alone
 * first and the best OVERFETCH × limit are checked against the scope; only when too few of those are in scope are all
 * matches checked (a narrow scope, or references first).
 */
function ranked(db: Database.Database, match: string, scope: ResolvedScope, limit: number): Hit[] {
  if (scope.papers?.length === 0) return [];
  const params = {
    match,
    references: scope.references ? 1 : 0,
    papers: scope.papers === null ? null : JSON.stringify(scope.papers),
    limit,
  };
  const inScope = `(@references = 1 OR ps.kind != 'references')
    AND (@papers IS NULL OR ps.paper_id IN (SELECT value FROM json_each(@papers)))`;
  const over = limit * OVERFETCH;
  const best = db
    .prepare(
      `SELECT rowid AS id, -bm25(passages_fts, ${BM25_WEIGHTS}) AS score FROM passages_fts
       WHERE passages_fts MATCH @match ORDER BY score DESC LIMIT @over`,
    )
    .all({ match, over }) as Hit[];
  const kept = new Set(
    (
      db
        .prepare(`SELECT ps.id FROM passages ps WHERE ps.id IN (SELECT value FROM json_each(@ids)) AND ${inScope}`)
        .all({ ...params, ids: JSON.stringify(best.map((b) => b.id)) }) as { id: number }[]
    ).map((r) => r.id),
  );
  const inScopeBest = best.filter((b) => kept.has(b.id));
  if (inScopeBest.length >= limit || best.length < over) return inScopeBest.slice(0, limit);
  return db
    .prepare(
      `SELECT f.rowid AS id, -bm25(passages_fts, ${BM25_WEIGHTS}) AS score
       FROM passages_fts f JOIN passages ps ON ps.id = f.rowid
       WHERE passages_fts MATCH @match AND ${inScope} ORDER BY score DESC LIMIT @limit`,
    )
    .all(params) as Hit[];
}

/** A word quoted, so it is never read as FTS5 syntax. */
export function quote(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

export function or(words: readonly string[]): string {
  return words.map(quote).join(' OR ');
}
