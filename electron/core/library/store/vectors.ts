import type Database from 'better-sqlite3';
import { SettingsStore } from '../../settings/settingsStore.js';
import { createCodes, writeCodes } from './vectorCodes.js';

/**
 * Passage vectors: one sqlite-vec table per embedding model (id + dimension),
 * so switching models never mixes vectors of different spaces and switching
 * back finds the old vectors still there. Each table carries the passage's
 * paper and whether it is a references passage as metadata columns, so a
 * KNN query can be scoped (`AND paper_id IN (...)`, `AND refs = 0`). Beside it, the vectors' binary codes
 * (vectorCodes.ts).
 */
export interface VectorTable {
  table: string;
  /** The model's row in embedding_models, which names its tables. */
  modelRow: number;
  modelId: string;
  dimension: number;
}

const CURRENT_KEY = 'library.embeddingModel';

export function floatTable(id: number): string {
  return `passage_vec_${id}`;
}

/** The vector table of a model, or null when nothing was embedded with it yet. */
export function findVectorTable(db: Database.Database, modelId: string, dimension: number): VectorTable | null {
  const row = db
    .prepare('SELECT id FROM embedding_models WHERE model_id = ? AND dimension = ?')
    .get(modelId, dimension) as { id: number } | undefined;
  return row === undefined ? null : { table: floatTable(row.id), modelRow: row.id, modelId, dimension };
}

/** The vector table of a model, made (with its codes and the trigger that drops deleted passages' vectors) on first use. */
export function ensureVectorTable(db: Database.Database, modelId: string, dimension: number): VectorTable {
  const found = findVectorTable(db, modelId, dimension);
  if (found !== null) return found;
  if (!Number.isInteger(dimension) || dimension <= 0 || dimension > 8192)
    throw new Error(`embedding dimension ${dimension} is not usable`);
  return db
    .transaction(() => {
      // Another process may have made it since the look above.
      const made = findVectorTable(db, modelId, dimension);
      if (made !== null) return made;
      const { lastInsertRowid } = db
        .prepare('INSERT INTO embedding_models (model_id, dimension, created_at) VALUES (?, ?, ?)')
        .run(modelId, dimension, new Date().toISOString());
      const modelRow = Number(lastInsertRowid);
      const table = floatTable(modelRow);
      db.exec(`
      CREATE VIRTUAL TABLE ${table} USING vec0(
        passage_id INTEGER PRIMARY KEY,
        embedding float[${dimension}] distance_metric=cosine,
        paper_id TEXT,
        refs INTEGER
      );
    `);
      createCodes(db, modelRow, table, dimension);
      return { table, modelRow, modelId, dimension };
    })
    .immediate();
}

/** The model whose vectors the passages' `embedded` flags describe. */
export function currentEmbeddingModel(db: Database.Database): { modelId: string; dimension: number } | null {
  const value = new SettingsStore(db).getJson(CURRENT_KEY) as { modelId: string; dimension: number } | undefined;
  return value ?? null;
}

export interface PassageToEmbed {
  id: number;
  paperId: string;
  refs: boolean;
  /** What the model reads: the paper's title, then the passage. */
  input: string;
}

export class VectorStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * Makes `embedded` flags (and paper statuses) describe `table`'s model: a
   * passage is embedded when that table holds its vector. Runs when the
   * embedding model changes; cheap when it has not.
   */
  useModel(vectors: VectorTable): void {
    const current = currentEmbeddingModel(this.db);
    if (current?.modelId === vectors.modelId && current.dimension === vectors.dimension) return;
    this.db
      .transaction(() => {
        this.db.prepare('UPDATE passages SET embedded = 0 WHERE embedded = 1').run();
        this.db.prepare(`UPDATE passages SET embedded = 1 WHERE id IN (SELECT passage_id FROM ${vectors.table})`).run();
        this.db.prepare(`UPDATE papers SET status = 'indexed' WHERE status = 'embedded'`).run();
        this.db
          .prepare(
            `UPDATE papers SET status = 'embedded' WHERE EXISTS (SELECT 1 FROM passages WHERE paper_id = papers.id)
           AND NOT EXISTS (SELECT 1 FROM passages WHERE paper_id = papers.id AND embedded = 0)`,
          )
          .run();
        new SettingsStore(this.db).setJson(CURRENT_KEY, { modelId: vectors.modelId, dimension: vectors.dimension });
      })
      .immediate();
  }

  counts(): { passages: number; embedded: number } {
    return this.db
      .prepare('SELECT count(*) AS passages, coalesce(sum(embedded), 0) AS embedded FROM passages')
      .get() as {
      passages: number;
      embedded: number;
    };
  }

  /** The next passages without a vector, in id order (so a resumed job goes on where it stopped). */
  unembedded(limit: number): PassageToEmbed[] {
    const rows = this.db
      .prepare(
        `SELECT ps.id, ps.paper_id AS paperId, ps.kind = 'references' AS refs, p.title, ps.text
         FROM passages ps JOIN papers p ON p.id = ps.paper_id WHERE ps.embedded = 0 ORDER BY ps.id LIMIT ?`,
      )
      .all(limit) as { id: number; paperId: string; refs: number; title: string; text: string }[];
    return rows.map((r) => ({ id: r.id, paperId: r.paperId, refs: r.refs === 1, input: `${r.title}\n\n${r.text}` }));
  }

  /** Stores a batch of vectors (and their codes) and flags their passages, in one transaction. */
  write(vectors: VectorTable, batch: PassageToEmbed[], embeddings: Float32Array[]): void {
    // vec0 has no upsert: clear any stale vector first.
    const clear = this.db.prepare(`DELETE FROM ${vectors.table} WHERE passage_id = ?`);
    const insert = this.db.prepare(
      `INSERT INTO ${vectors.table} (passage_id, embedding, paper_id, refs) VALUES (?, ?, ?, ?)`,
    );
    const flag = this.db.prepare('UPDATE passages SET embedded = 1 WHERE id = ?');
    const done = this.db.prepare(
      `UPDATE papers SET status = 'embedded' WHERE id = ? AND NOT EXISTS (SELECT 1 FROM passages WHERE paper_id = papers.id AND embedded = 0)`,
    );
    this.db
      .transaction(() => {
        const written: { id: number; paperId: string; refs: boolean; vector: Float32Array }[] = [];
        batch.forEach((p, i) => {
          const vector = embeddings[i];
          if (vector?.length !== vectors.dimension) {
            throw new Error(
              `the embedding model returned a vector of length ${vector?.length ?? 0}, not ${vectors.dimension}`,
            );
          }
          // A passage deleted while its batch was being embedded has no row to flag: skip its vector.
          if (flag.run(p.id).changes === 0) return;
          clear.run(BigInt(p.id));
          insert.run(BigInt(p.id), vector, p.paperId, p.refs ? 1n : 0n);
          written.push({ id: p.id, paperId: p.paperId, refs: p.refs, vector });
        });
        writeCodes(this.db, vectors.modelRow, vectors.dimension, written);
        for (const paperId of new Set(batch.map((p) => p.paperId))) done.run(paperId);
      })
      .immediate();
  }
}
