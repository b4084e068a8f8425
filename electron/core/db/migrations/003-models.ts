import type { Migration } from '../migrate.js';

export const m003Models: Migration = {
  version: 3,
  name: 'model and LoRA adapter registry',
  up: (db) => {
    db.exec(`
      -- A GGUF model the user registered. Its facts are read (and the file
      -- validated) once when it is added; 'stored' files live in the library's
      -- models folder and are deleted with the entry, others stay where they are.
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        stored INTEGER NOT NULL CHECK (stored IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('gguf', 'sentence-transformers')),
        architecture TEXT NOT NULL,
        parameters INTEGER NOT NULL,
        quantization TEXT NOT NULL,
        context_length INTEGER NOT NULL,
        embedding_length INTEGER NOT NULL,
        chat_template INTEGER NOT NULL CHECK (chat_template IN (0, 1)),
        can_rank INTEGER NOT NULL CHECK (can_rank IN (0, 1)),
        roles_json TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        memory_need_bytes INTEGER NOT NULL,
        -- Shapes of its 2-D tensors, so adapters are checked without reopening the file.
        tensors_json TEXT NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE model_defaults (
        role TEXT PRIMARY KEY CHECK (role IN ('chat', 'embedding', 'reranker')),
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE adapters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        stored INTEGER NOT NULL CHECK (stored IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('gguf', 'peft')),
        architecture TEXT NOT NULL,
        rank INTEGER NOT NULL,
        alpha REAL NOT NULL,
        targets_json TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
