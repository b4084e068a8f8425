import { createCodes } from '../../library/store/vectorCodes.js';
import { floatTable } from '../../library/store/vectors.js';
import type { Migration } from '../migrate.js';

export const m010VectorCodes: Migration = {
  version: 10,
  name: 'binary codes of each model’s vectors, and the log of vector changes',
  up: (db) => {
    // Which passages' vectors changed (written or deleted), in order, so processes holding the codes in memory catch up.
    db.exec(`
      CREATE TABLE vector_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        model INTEGER NOT NULL,
        passage_id INTEGER NOT NULL
      ) STRICT;
    `);
    const models = db.prepare('SELECT id, dimension FROM embedding_models').all() as {
      id: number;
      dimension: number;
    }[];
    for (const m of models) createCodes(db, m.id, floatTable(m.id), m.dimension);
  },
};
