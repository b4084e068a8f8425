/**
 * Libraries of any size made from real passages, for the retrieval benchmark: the SciFact abstracts as Scholium
 * stores them (with their vectors from the evaluation library), mixed pairwise to scale. A made-up passage takes the
 * first share p of one real passage's words and the rest of another's, and its vector is the same mixture of their
 * vectors (p·a + (1−p)·b, normalised), so full text sees real scientific vocabulary and term statistics, and vectors
 * lie where real embeddings lie, neither as uniform noise.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openLibraryDatabase, type LibraryDatabase } from '../electron/core/db/database.js';
import { writeCodes } from '../electron/core/library/store/vectorCodes.js';
import { ensureVectorTable, type VectorTable } from '../electron/core/library/store/vectors.js';
import { generator } from '../tests/fixtures/random.js';

export interface SourcePassage {
  title: string;
  words: string[];
  vector: Float32Array;
}

/** Made-up passages per made-up paper. */
const PASSAGES_PER_PAPER = 20;

/** The embedded passages of an evaluation library, read-only, with their paper titles. */
export function readSourcePassages(libraryFile: string): { modelId: string; passages: SourcePassage[] } {
  const db = new Database(libraryFile, { readonly: true });
  try {
    sqliteVec.load(db);
    const model = db.prepare("SELECT value FROM settings WHERE key = 'library.embeddingModel'").get() as
      { value: string } | undefined;
    if (model === undefined) throw new Error(`${libraryFile} has no embedding model`);
    const { modelId, dimension } = JSON.parse(model.value) as { modelId: string; dimension: number };
    const row = db
      .prepare('SELECT id FROM embedding_models WHERE model_id = ? AND dimension = ?')
      .get(modelId, dimension) as { id: number };
    const rows = db
      .prepare(
        `SELECT p.title, ps.text, v.embedding FROM passage_vec_${row.id} v
         JOIN passages ps ON ps.id = v.passage_id JOIN papers p ON p.id = ps.paper_id ORDER BY ps.id`,
      )
      .all() as { title: string; text: string; embedding: Buffer }[];
    return {
      modelId,
      passages: rows.map((r) => ({
        title: r.title,
        words: r.text.split(/\s+/).filter((w) => w !== ''),
        vector: new Float32Array(
          r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
        ),
      })),
    };
  } finally {
    db.close();
  }
}

function mix(a: SourcePassage, b: SourcePassage, share: number): { text: string; vector: Float32Array } {
  const cutA = Math.round(a.words.length * share);
  const cutB = Math.round(b.words.length * share);
  const text = [...a.words.slice(0, cutA), ...b.words.slice(cutB)].join(' ');
  const vector = new Float32Array(a.vector.length);
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1)
    norm += (vector[i] = share * a.vector[i]! + (1 - share) * b.vector[i]!) ** 2;
  norm = Math.sqrt(norm);
  for (let i = 0; i < vector.length; i += 1) vector[i]! /= norm;
  return { text, vector };
}

export interface BuiltLibrary {
  library: LibraryDatabase;
  vectors: VectorTable;
  seconds: number;
  bytes: number;
}

/**
 * Writes a library of `size` passages into `dir`: the real passages first, then mixtures. Vectors go to the float
 * table, and their binary codes (with the log of changes) as VectorStore.write stores them.
 */
export function buildLibrary(
  dir: string,
  size: number,
  modelId: string,
  sources: readonly SourcePassage[],
): BuiltLibrary {
  const started = performance.now();
  const library = openLibraryDatabase(dir);
  const db = library.db;
  const dimension = sources[0]!.vector.length;
  const vectors = ensureVectorTable(db, modelId, dimension);
  // Seeded, so every run builds the same library.
  const random = generator(42);
  const now = new Date().toISOString();
  const paper = db.prepare(
    `INSERT INTO papers (id, title, title_key, format, page_count, added_at, updated_at) VALUES (?, ?, ?, 'text', 0, ?, ?)`,
  );
  const passage = db.prepare(
    `INSERT INTO passages (id, paper_id, ordinal, section, kind, text, page, embedded) VALUES (?, ?, ?, 'Body', 'body', ?, 1, 1)`,
  );
  const float = db.prepare(`INSERT INTO ${vectors.table} (passage_id, embedding, paper_id, refs) VALUES (?, ?, ?, 0)`);
  const BATCH = 10_000;
  for (let start = 0; start < size; start += BATCH) {
    db.transaction(() => {
      const written: { id: number; paperId: string; refs: boolean; vector: Float32Array }[] = [];
      for (let id = start + 1; id <= Math.min(size, start + BATCH); id += 1) {
        const a = sources[id <= sources.length ? id - 1 : Math.floor(random() * sources.length)]!;
        const made =
          id <= sources.length
            ? { text: a.words.join(' '), vector: a.vector }
            : mix(a, sources[Math.floor(random() * sources.length)]!, 0.3 + 0.4 * random());
        const paperId = `p${Math.ceil(id / PASSAGES_PER_PAPER)}`;
        if ((id - 1) % PASSAGES_PER_PAPER === 0)
          paper.run(paperId, a.title, a.title.toLowerCase().replace(/[^a-z0-9]/g, ''), now, now);
        passage.run(id, paperId, id, made.text);
        float.run(BigInt(id), made.vector, paperId);
        written.push({ id, paperId, refs: false, vector: made.vector });
      }
      writeCodes(db, vectors.modelRow, dimension, written);
    })();
    if (start % 100_000 === 0) process.stdout.write(`  ${start.toLocaleString('en')} passages written\r`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = fs
    .readdirSync(dir)
    .reduce((n, f) => n + (fs.statSync(path.join(dir, f)).isFile() ? fs.statSync(path.join(dir, f)).size : 0), 0);
  return { library, vectors, seconds: (performance.now() - started) / 1000, bytes };
}
