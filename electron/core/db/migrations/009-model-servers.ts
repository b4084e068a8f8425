import type { Migration } from '../migrate.js';

export const m009ModelServers: Migration = {
  version: 9,
  name: 'inference servers the user configured, and models that run on them',
  up: (db) => {
    // The models table gains a source ('server') and the server a model runs on; SQLite cannot change a CHECK, so the
    // table is rebuilt. Dropping the old table deletes the role defaults that reference it: they are put back after.
    const defaults = db.prepare('SELECT role, model_id FROM model_defaults').all() as {
      role: string;
      model_id: string;
    }[];
    db.exec(`
      -- An OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio…). Its API key, if any, is not here but
      -- in the library's servers folder, readable only by the user, so backups and exports never carry it.
      CREATE TABLE model_servers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('llama.cpp', 'vllm', 'ollama', 'lm-studio', 'openai-compatible')),
        has_key INTEGER NOT NULL CHECK (has_key IN (0, 1)),
        added_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE models_next (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        stored INTEGER NOT NULL CHECK (stored IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('gguf', 'sentence-transformers', 'server')),
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
        tensors_json TEXT NOT NULL,
        added_at TEXT NOT NULL,
        -- For source 'server': where it runs and the name the server knows it by (file is then a locator).
        server_id TEXT REFERENCES model_servers(id) ON DELETE CASCADE,
        remote_name TEXT,
        CHECK ((source = 'server') = (server_id IS NOT NULL AND remote_name IS NOT NULL))
      ) STRICT;

      INSERT INTO models_next (id, name, file, stored, source, architecture, parameters, quantization, context_length,
        embedding_length, chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at)
      SELECT id, name, file, stored, source, architecture, parameters, quantization, context_length,
        embedding_length, chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at
      FROM models;
      DROP TABLE models;
      ALTER TABLE models_next RENAME TO models;
      CREATE INDEX models_by_server ON models (server_id);
    `);
    const restore = db.prepare('INSERT INTO model_defaults (role, model_id) VALUES (?, ?)');
    for (const d of defaults) restore.run(d.role, d.model_id);
  },
};
