import type Database from 'better-sqlite3';

/**
 * The binary codes of a model's vectors: one sign bit per dimension (sqlite-vec's vec_quantize_binary), 48 bytes for
 * 384 dimensions, in a plain table beside the float vectors with the passage's paper and whether it is a references
 * passage. Search holds them in memory (search/codeIndex.ts), scans them by Hamming distance to preselect candidates
 * and ranks those by their float vectors, read from a plain copy of the floats: sqlite-vec reads one vector of its own
 * table in about 0.3 ms (at 100,000 passages), a plain table's row in a few µs. Every write and delete of a vector is
 * logged in `vector_changes`, so a process holding the codes in memory catches up on what any process changed.
 */

/** Log entries kept: an index further behind than this reloads all codes instead of replaying the log. */
const CHANGES_KEPT = 100_000;

export function codesTable(modelRow: number): string {
  return `passage_bits_${modelRow}`;
}

export function floatsTable(modelRow: number): string {
  return `passage_floats_${modelRow}`;
}

/** Codes are scanned as 64-bit words, so the dimension must be a multiple of 64 (384, 768, 1024…); else exact search only. */
export function hasCodes(dimension: number): boolean {
  return dimension % 64 === 0;
}

/**
 * Makes the codes table and the float copy of a model's vector table, fills them from it, and (re)makes the trigger
 * that drops a deleted passage's vector, code and float copy and logs the change. Used when a model's table is made
 * and by migration 010.
 */
export function createCodes(db: Database.Database, modelRow: number, vectors: string, dimension: number): void {
  const codes = codesTable(modelRow);
  const floats = floatsTable(modelRow);
  const dropCopies = hasCodes(dimension)
    ? `DELETE FROM ${codes} WHERE passage_id = old.id; DELETE FROM ${floats} WHERE passage_id = old.id;`
    : '';
  db.exec(`
    DROP TRIGGER IF EXISTS ${vectors}_delete;
    CREATE TRIGGER ${vectors}_delete AFTER DELETE ON passages BEGIN
      DELETE FROM ${vectors} WHERE passage_id = old.id;
      ${dropCopies}
      INSERT INTO vector_changes (model, passage_id) VALUES (${modelRow}, old.id);
    END;
  `);
  if (!hasCodes(dimension)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${codes} (
      passage_id INTEGER PRIMARY KEY,
      paper_id TEXT NOT NULL,
      refs INTEGER NOT NULL,
      bits BLOB NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS ${floats} (passage_id INTEGER PRIMARY KEY, embedding BLOB NOT NULL) STRICT;
    INSERT OR REPLACE INTO ${codes} (passage_id, paper_id, refs, bits)
      SELECT passage_id, paper_id, refs, vec_quantize_binary(embedding) FROM ${vectors};
    INSERT OR REPLACE INTO ${floats} (passage_id, embedding) SELECT passage_id, embedding FROM ${vectors};
  `);
}

/** Writes the codes and float copies of vectors just written to the vector table, and logs them; inside the caller's transaction. */
export function writeCodes(
  db: Database.Database,
  modelRow: number,
  dimension: number,
  rows: readonly { id: number; paperId: string; refs: boolean; vector: Float32Array }[],
): void {
  if (hasCodes(dimension)) {
    const code = db.prepare(
      `INSERT OR REPLACE INTO ${codesTable(modelRow)} (passage_id, paper_id, refs, bits)
       VALUES (?, ?, ?, vec_quantize_binary(?))`,
    );
    const float = db.prepare(`INSERT OR REPLACE INTO ${floatsTable(modelRow)} (passage_id, embedding) VALUES (?, ?)`);
    for (const r of rows) {
      code.run(r.id, r.paperId, r.refs ? 1 : 0, r.vector);
      float.run(r.id, r.vector);
    }
  }
  const log = db.prepare('INSERT INTO vector_changes (model, passage_id) VALUES (?, ?)');
  for (const r of rows) log.run(modelRow, r.id);
  db.prepare('DELETE FROM vector_changes WHERE seq <= (SELECT max(seq) FROM vector_changes) - ?').run(CHANGES_KEPT);
}

/** A passage's code as read for the in-memory index: its 32-bit words in a Buffer. */
export interface StoredCode {
  id: number;
  paperId: string;
  refs: number;
  bits: Buffer;
}

/** The newest change's number, 0 when none was logged; with the oldest still kept. */
export function changeRange(db: Database.Database): { first: number; last: number } {
  // Two queries: SQLite answers min() or max() alone from the key's ends, but both at once by scanning the log.
  const first = (db.prepare('SELECT min(seq) AS seq FROM vector_changes').get() as { seq: number | null }).seq;
  const last = (db.prepare('SELECT max(seq) AS seq FROM vector_changes').get() as { seq: number | null }).seq;
  return { first: first ?? 1, last: last ?? 0 };
}

/** The passages whose vector of this model was written or deleted after change `seq`, up to `last`. */
export function changedPassages(db: Database.Database, modelRow: number, seq: number, last: number): number[] {
  return (
    db
      .prepare('SELECT DISTINCT passage_id AS id FROM vector_changes WHERE seq > ? AND seq <= ? AND model = ?')
      .all(seq, last, modelRow) as { id: number }[]
  ).map((r) => r.id);
}

export function countCodes(db: Database.Database, modelRow: number): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${codesTable(modelRow)}`).get() as { n: number }).n;
}

/** Every code of a model, in passage id order. */
export function allCodes(db: Database.Database, modelRow: number): IterableIterator<StoredCode> {
  return db
    .prepare(
      `SELECT passage_id AS id, paper_id AS paperId, refs, bits FROM ${codesTable(modelRow)} ORDER BY passage_id`,
    )
    .iterate() as IterableIterator<StoredCode>;
}

/** A passage's code, or undefined when it has no vector of this model. */
export function codeOf(db: Database.Database, modelRow: number, id: number): StoredCode | undefined {
  return db
    .prepare(
      `SELECT passage_id AS id, paper_id AS paperId, refs, bits FROM ${codesTable(modelRow)} WHERE passage_id = ?`,
    )
    .get(id) as StoredCode | undefined;
}

/** The cosine distances (as sqlite-vec computes them) of passages' float copies to a vector; absent ids left out. */
export function distancesTo(
  db: Database.Database,
  modelRow: number,
  vector: Float32Array,
  ids: readonly number[],
): { id: number; distance: number }[] {
  return db
    .prepare(
      `SELECT passage_id AS id, vec_distance_cosine(embedding, ?) AS distance FROM ${floatsTable(modelRow)}
       WHERE passage_id IN (SELECT value FROM json_each(?))`,
    )
    .all(vector, JSON.stringify(ids)) as { id: number; distance: number }[];
}
