import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import { loadVectorExtension } from '../../../electron/core/db/databaseFile.js';
import { migrate } from '../../../electron/core/db/migrate.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { codeIndexOf } from '../../../electron/core/library/search/codeIndex.js';
import { HammingScan } from '../../../electron/core/library/search/hammingScan.js';
import { PassageSearch } from '../../../electron/core/library/search/passageSearch.js';
import { resolveScope } from '../../../electron/core/library/search/scope.js';
import { PaperStore } from '../../../electron/core/library/store/paperStore.js';
import { ensureVectorTable, VectorStore, type VectorTable } from '../../../electron/core/library/store/vectors.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { generator } from '../../fixtures/random.js';

const DIM = 64;

const random = generator(11);
const randomVector = (): Float32Array => Float32Array.from({ length: DIM }, () => random() - 0.5);

/** Papers of `perPaper` passages (the last of each a references passage), written straight into the tables. */
function addPapers(db: Database.Database, papers: string[], perPaper: number): number[] {
  const now = new Date().toISOString();
  const ids: number[] = [];
  db.transaction(() => {
    for (const paper of papers) {
      db.prepare(
        `INSERT INTO papers (id, title, title_key, format, page_count, added_at, updated_at) VALUES (?, ?, ?, 'text', 0, ?, ?)`,
      ).run(paper, paper, paper, now, now);
      for (let i = 0; i < perPaper; i += 1) {
        const kind = i === perPaper - 1 ? 'references' : 'body';
        const { lastInsertRowid } = db
          .prepare(`INSERT INTO passages (paper_id, ordinal, section, kind, text) VALUES (?, ?, 'Body', ?, ?)`)
          .run(paper, i, kind, `passage ${i} of ${paper}`);
        ids.push(Number(lastInsertRowid));
      }
    }
  })();
  return ids;
}

/** Embeds passages with random vectors through the store, as the embedding job does. */
function embed(db: Database.Database, vectors: VectorTable, ids: number[]): void {
  const rows = db
    .prepare(`SELECT id, paper_id AS paperId, kind FROM passages WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; paperId: string; kind: string }[];
  new VectorStore(db).write(
    vectors,
    rows.map((r) => ({ id: r.id, paperId: r.paperId, refs: r.kind === 'references', input: '' })),
    rows.map(randomVector),
  );
}

/** The codes' search (forced at any size, every passage a candidate) must give exactly the exact scan's answer. */
function expectSameAsExact(db: Database.Database, vectors: VectorTable, scope = resolveScope(db, {})): void {
  const viaCodes = new PassageSearch(db, { exactScanUpTo: 0, preselected: 10_000 });
  const exact = new PassageSearch(db, { exactScanUpTo: Number.POSITIVE_INFINITY });
  for (let q = 0; q < 5; q += 1) {
    const query = randomVector();
    const found = viaCodes.nearest(vectors, query, scope, 20);
    const expected = exact.nearest(vectors, query, scope, 20);
    expect(found.map((h) => h.id)).toEqual(expected.map((h) => h.id));
    found.forEach((h, i) => expect(h.similarity).toBeCloseTo(expected[i]!.similarity, 5));
  }
}

describe('vector search through binary codes held in memory', () => {
  it('ranks the preselected candidates by their float vectors, not by their codes', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const vectors = ensureVectorTable(db, 'test-model', DIM);
    const [same, near] = addPapers(db, ['p1'], 3);
    const query = new Float32Array(DIM).fill(1);
    // Same signs as the query everywhere (Hamming 0) but nearly all its weight on one dimension: cosine ≈ 0.13.
    const sameSigns = new Float32Array(DIM).fill(0.01);
    sameSigns[0] = 1;
    // The query with four dimensions flipped to tiny negatives (Hamming 4): cosine ≈ 0.97.
    const flipped = new Float32Array(DIM).fill(1);
    for (const i of [1, 2, 3, 4]) flipped[i] = -0.01;
    new VectorStore(db).write(
      vectors,
      [same!, near!].map((id) => ({ id, paperId: 'p1', refs: false, input: '' })),
      [sameSigns, flipped],
    );
    const hits = new PassageSearch(db, { exactScanUpTo: 0, preselected: 2 }).nearest(
      vectors,
      query,
      resolveScope(db, {}),
      2,
    );
    expect(hits.map((h) => h.id)).toEqual([near, same]);
    expect(hits[0]!.similarity).toBeCloseTo((60 - 0.04) / Math.sqrt(64 * (60 + 4 * 0.0001)), 4);
    close();
  });

  it('keeps only the nearest codes as candidates, and within a scope only passages of that scope', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const vectors = ensureVectorTable(db, 'test-model', DIM);
    embed(db, vectors, addPapers(db, ['a', 'b', 'c', 'd'], 30));
    expectSameAsExact(db, vectors);
    expectSameAsExact(db, vectors, resolveScope(db, { paperIds: ['b', 'd'] }));
    expectSameAsExact(db, vectors, resolveScope(db, { paperIds: ['c'], includeReferences: true }));
    const index = codeIndexOf(db, vectors);
    const query = new Uint32Array(DIM / 32);
    const ten = index.nearest(query, 10, { papers: null, references: true });
    expect(ten).toHaveLength(10);
    // Every passage left out lies at least as far (Hamming) as the farthest kept.
    const codes = db.prepare(`SELECT passage_id AS id, bits FROM passage_bits_${vectors.modelRow}`).all() as {
      id: number;
      bits: Buffer;
    }[];
    const distance = new Map(codes.map((c) => [c.id, [...c.bits].reduce((n, b) => n + popcount(b), 0)]));
    const farthestKept = Math.max(...ten.map((id) => distance.get(id)!));
    for (const [id, d] of distance) if (!ten.includes(id)) expect(d).toBeGreaterThanOrEqual(farthestKept);
    close();
  });

  it('follows vectors written and passages removed, by this connection and by another one', () => {
    const dir = tempDir();
    const { db, file, close } = openLibraryDatabase(dir);
    const vectors = ensureVectorTable(db, 'test-model', DIM);
    embed(db, vectors, addPapers(db, ['a', 'b'], 20));
    const index = codeIndexOf(db, vectors);
    expect(index.count).toBe(40);
    expectSameAsExact(db, vectors);

    // Written here: the index catches up from the log of changes.
    embed(db, vectors, addPapers(db, ['c'], 10));
    expect(codeIndexOf(db, vectors).count).toBe(50);
    expectSameAsExact(db, vectors);

    // Removed: the paper's passages, vectors and codes go, and search no longer finds them.
    db.transaction(() => new PaperStore(db).removePaper('a'))();
    expect(codeIndexOf(db, vectors).count).toBe(30);
    expectSameAsExact(db, vectors);

    // Another connection (another process) re-embeds b's passages and adds d: seen here through the log.
    const other = new Database(file);
    loadVectorExtension(other);
    const bIds = (other.prepare(`SELECT id FROM passages WHERE paper_id = 'b'`).all() as { id: number }[]).map(
      (r) => r.id,
    );
    embed(other, vectors, bIds);
    embed(other, vectors, addPapers(other, ['d'], 5));
    other.close();
    expect(codeIndexOf(db, vectors).count).toBe(35);
    expectSameAsExact(db, vectors);
    close();
  });

  it('reloads every code when the log no longer holds the changes it missed', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const vectors = ensureVectorTable(db, 'test-model', DIM);
    embed(db, vectors, addPapers(db, ['a'], 20));
    expect(codeIndexOf(db, vectors).count).toBe(20);
    db.transaction(() => new PaperStore(db).removePaper('a'))();
    embed(db, vectors, addPapers(db, ['b'], 7));
    // As if the log had been trimmed past the removal: only the last write is still logged.
    db.prepare('DELETE FROM vector_changes WHERE seq < (SELECT max(seq) FROM vector_changes)').run();
    expect(codeIndexOf(db, vectors).count).toBe(7);
    expectSameAsExact(db, vectors);
    close();
  });

  it('keeps each embedding model’s codes apart', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const first = ensureVectorTable(db, 'model-one', DIM);
    const second = ensureVectorTable(db, 'model-two', DIM);
    const ids = addPapers(db, ['a', 'b'], 10);
    embed(db, first, ids);
    embed(db, second, ids.slice(0, 5));
    expect(codeIndexOf(db, first).count).toBe(20);
    expect(codeIndexOf(db, second).count).toBe(5);
    expectSameAsExact(db, second);
    expectSameAsExact(db, first);
    close();
  });

  it('gives the vectors of a library made before codes existed their codes (migration 10)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.sqlite');
    const old = new Database(file);
    loadVectorExtension(old);
    migrate(
      old,
      migrations.filter((m) => m.version < 10),
      file,
    );
    old.prepare(`INSERT INTO embedding_models (model_id, dimension, created_at) VALUES ('old-model', ?, '')`).run(DIM);
    old.exec(`
      CREATE VIRTUAL TABLE passage_vec_1 USING vec0(
        passage_id INTEGER PRIMARY KEY, embedding float[${DIM}] distance_metric=cosine, paper_id TEXT, refs INTEGER);
      CREATE TRIGGER passage_vec_1_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passage_vec_1 WHERE passage_id = old.id;
      END;`);
    const ids = addPapers(old, ['a', 'b'], 10);
    const insert = old.prepare(`INSERT INTO passage_vec_1 (passage_id, embedding, paper_id, refs) VALUES (?, ?, ?, 0)`);
    for (const [i, id] of ids.entries()) insert.run(BigInt(id), randomVector(), i < 10 ? 'a' : 'b');
    old.close();

    const { db, close } = openLibraryDatabase(dir);
    const vectors = ensureVectorTable(db, 'old-model', DIM);
    expect(codeIndexOf(db, vectors).count).toBe(20);
    expectSameAsExact(db, vectors);
    // The migrated trigger drops codes and logs the change too.
    db.transaction(() => new PaperStore(db).removePaper('a'))();
    expect(codeIndexOf(db, vectors).count).toBe(10);
    expectSameAsExact(db, vectors);
    close();
  });
});

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b >>= 1) n += b & 1;
  return n;
}

describe('the Hamming scan', () => {
  it('gives each code’s distance to the query, and keeps the codes when its memory grows', () => {
    const scan = new HammingScan(4);
    const codes = Array.from({ length: 3000 }, (_, i) => Uint32Array.from([i, ~i, i * 7, 0xffffffff]));
    codes.slice(0, 10).forEach((c, i) => scan.codes.set(c, i * 4));
    scan.reserve(3000);
    codes.slice(10).forEach((c, i) => scan.codes.set(c, (i + 10) * 4));
    const query = Uint32Array.from([5, 0, 0, 0]);
    scan.run(query, codes.length);
    const bits = (x: number): number =>
      popcount(x & 0xff) + popcount((x >>> 8) & 0xff) + popcount((x >>> 16) & 0xff) + popcount(x >>> 24);
    codes.forEach((c, i) =>
      expect(scan.distances[i], `code ${i}`).toBe(c.reduce((d, w, j) => d + bits(w ^ query[j]!), 0)),
    );
  });
});
