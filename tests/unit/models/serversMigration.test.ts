import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openLibraryDatabase } from '../../../electron/core/db/database.js';
import { migrate } from '../../../electron/core/db/migrate.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { tempDir } from '../../helpers/tempLibrary.js';

describe('migration 9: model servers', () => {
  it('rebuilds the models table keeping every model and role default, and refuses a half-described remote model', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    migrate(
      raw,
      migrations.filter((m) => m.version < 9),
      file,
    );
    raw
      .prepare(
        `INSERT INTO models (id, name, file, stored, source, architecture, parameters, quantization, context_length,
           embedding_length, chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at)
         VALUES ('smol', 'SmolLM2', '/m/smol.gguf', 0, 'gguf', 'llama', 135000000, 'Q4_1', 8192, 576, 1, 0, '["chat"]',
           90000000, 200000000, '{"a":[1,2]}', '2026-01-01T00:00:00Z')`,
      )
      .run();
    raw.prepare(`INSERT INTO model_defaults (role, model_id) VALUES ('chat', 'smol')`).run();
    raw.close();

    const lib = openLibraryDatabase(dir);
    expect(lib.schemaVersion).toBeGreaterThanOrEqual(9);
    expect(lib.db.prepare('SELECT id, source, server_id, tensors_json FROM models').all()).toEqual([
      { id: 'smol', source: 'gguf', server_id: null, tensors_json: '{"a":[1,2]}' },
    ]);
    expect(lib.db.prepare('SELECT role, model_id FROM model_defaults').all()).toEqual([
      { role: 'chat', model_id: 'smol' },
    ]);
    expect(lib.db.pragma('foreign_key_check')).toEqual([]);
    // A server model needs its server and its name there; a file model has neither.
    expect(() =>
      lib.db
        .prepare(
          `INSERT INTO models (id, name, file, stored, source, architecture, parameters, quantization, context_length,
             embedding_length, chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at)
           VALUES ('r', 'r', 'http://x/v1#r', 0, 'server', 'llamacpp', 0, '', 2048, 0, 1, 0, '["chat"]', 0, 0, '{}', '')`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
    // Removing a server removes its models and their defaults.
    lib.db.prepare(`INSERT INTO model_servers VALUES ('box', 'box', 'http://box:8080/v1', 'llama.cpp', 0, '')`).run();
    lib.db
      .prepare(
        `INSERT INTO models (id, name, file, stored, source, architecture, parameters, quantization, context_length,
           embedding_length, chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at,
           server_id, remote_name)
         VALUES ('r', 'r', 'http://box:8080/v1#r', 0, 'server', 'llamacpp', 0, '', 2048, 0, 1, 0, '["chat"]', 0, 0, '{}',
           '', 'box', 'r')`,
      )
      .run();
    lib.db.prepare(`UPDATE model_defaults SET model_id = 'r' WHERE role = 'chat'`).run();
    lib.db.prepare(`DELETE FROM model_servers WHERE id = 'box'`).run();
    expect(lib.db.prepare('SELECT id FROM models').all()).toEqual([{ id: 'smol' }]);
    expect(lib.db.prepare('SELECT * FROM model_defaults').all()).toEqual([]);
    lib.close();
  });
});
