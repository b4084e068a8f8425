import type { Migration } from '../migrate.js';

export const m004Conversations: Migration = {
  version: 4,
  name: 'conversations and their answers',
  up: (db) => {
    db.exec(`
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- One row per question. The whole answer (text, citations with their
      -- status, the retrieval set, model and adapters) is kept as JSON so a
      -- conversation reopens exactly as it was shown.
      CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        model_id TEXT,
        adapters_json TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        UNIQUE (conversation_id, ordinal)
      ) STRICT;
      CREATE INDEX conversations_by_update ON conversations(updated_at DESC);
    `);
  },
};
