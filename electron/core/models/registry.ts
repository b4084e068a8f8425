import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import type { ModelDefaults, ModelRole } from '../../contract/ops/models.js';
import type { AdapterFacts, BaseShape, LoraTarget } from './adapterCheck.js';
import type { ModelFacts } from './modelFacts.js';

export interface ModelRecord extends Omit<ModelFacts, 'tensors'> {
  id: string;
  file: string;
  stored: boolean;
  source: 'gguf' | 'sentence-transformers' | 'server';
  addedAt: string;
  /** For source 'server': the configured server it runs on and the name the server knows it by. */
  remote: { serverId: string; model: string } | null;
}

export interface AdapterRecord extends AdapterFacts {
  id: string;
  name: string;
  file: string;
  stored: boolean;
  source: 'gguf' | 'peft';
  sizeBytes: number;
  addedAt: string;
}

interface ModelRow {
  id: string;
  name: string;
  file: string;
  stored: number;
  source: ModelRecord['source'];
  architecture: string;
  parameters: number;
  quantization: string;
  context_length: number;
  embedding_length: number;
  chat_template: number;
  can_rank: number;
  roles_json: string;
  size_bytes: number;
  memory_need_bytes: number;
  added_at: string;
  server_id: string | null;
  remote_name: string | null;
}

interface AdapterRow {
  id: string;
  name: string;
  file: string;
  stored: number;
  source: AdapterRecord['source'];
  architecture: string;
  rank: number;
  alpha: number;
  targets_json: string;
  size_bytes: number;
  added_at: string;
}

const toModel = (r: ModelRow): ModelRecord => ({
  id: r.id,
  name: r.name,
  file: r.file,
  stored: r.stored === 1,
  source: r.source,
  architecture: r.architecture,
  parameters: r.parameters,
  quantization: r.quantization,
  contextLength: r.context_length,
  embeddingLength: r.embedding_length,
  chatTemplate: r.chat_template === 1,
  canRank: r.can_rank === 1,
  roles: JSON.parse(r.roles_json) as ModelRole[],
  sizeBytes: r.size_bytes,
  memoryNeedBytes: r.memory_need_bytes,
  addedAt: r.added_at,
  remote: r.server_id === null || r.remote_name === null ? null : { serverId: r.server_id, model: r.remote_name },
});

const toAdapter = (r: AdapterRow): AdapterRecord => ({
  id: r.id,
  name: r.name,
  file: r.file,
  stored: r.stored === 1,
  source: r.source,
  architecture: r.architecture,
  rank: r.rank,
  alpha: r.alpha,
  targets: JSON.parse(r.targets_json) as LoraTarget[],
  sizeBytes: r.size_bytes,
  addedAt: r.added_at,
});

/** A readable, unique id from a name: "Gemma 3 270M" → "gemma-3-270m", then "gemma-3-270m-2". */
function uniqueId(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'model';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** The models and adapters of a library, with role defaults, in SQLite (migration 3). */
export class ModelRegistry {
  constructor(private readonly db: Database.Database) {}

  newModelId(name: string): string {
    return uniqueId(name, (id) => this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id) !== undefined);
  }

  newAdapterId(name: string): string {
    return uniqueId(name, (id) => this.db.prepare('SELECT 1 FROM adapters WHERE id = ?').get(id) !== undefined);
  }

  /** Refuses a file that is already registered, naming the entry (and saying so when it is of the other kind). */
  assertNewFile(file: string, adding: 'model' | 'adapter'): void {
    const model = this.db.prepare('SELECT id FROM models WHERE file = ?').get(file) as { id: string } | undefined;
    const adapter = this.db.prepare('SELECT id FROM adapters WHERE file = ?').get(file) as { id: string } | undefined;
    if (adding === 'adapter' && model !== undefined)
      throw new ScholiumError('INVALID_REQUEST', `${file} is the model "${model.id}", not a LoRA adapter.`);
    if (adding === 'model' && adapter !== undefined)
      throw new ScholiumError('INVALID_REQUEST', `${file} is the LoRA adapter "${adapter.id}", not a model.`);
    const existing = model?.id ?? adapter?.id;
    if (existing !== undefined) throw new ScholiumError('CONFLICT', `${file} is already registered as "${existing}".`);
  }

  renameModel(id: string, name: string): ModelRecord {
    this.getModel(id);
    this.db.prepare('UPDATE models SET name = ? WHERE id = ?').run(name, id);
    return this.getModel(id);
  }

  insertModel(record: ModelRecord, tensors: Record<string, number[]>): ModelRecord {
    this.db
      .prepare(
        `INSERT INTO models (id, name, file, stored, source, architecture, parameters, quantization, context_length, embedding_length,
           chat_template, can_rank, roles_json, size_bytes, memory_need_bytes, tensors_json, added_at, server_id, remote_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.name,
        record.file,
        record.stored ? 1 : 0,
        record.source,
        record.architecture,
        record.parameters,
        record.quantization,
        record.contextLength,
        record.embeddingLength,
        record.chatTemplate ? 1 : 0,
        record.canRank ? 1 : 0,
        JSON.stringify(record.roles),
        record.sizeBytes,
        record.memoryNeedBytes,
        JSON.stringify(tensors),
        record.addedAt,
        record.remote?.serverId ?? null,
        record.remote?.model ?? null,
      );
    return record;
  }

  listModels(): ModelRecord[] {
    return this.rows<ModelRow>(MODELS).map(toModel);
  }

  getModel(id: string): ModelRecord {
    return toModel(this.row<ModelRow>(MODELS, id));
  }

  baseShape(model: ModelRecord): BaseShape {
    const { tensors_json } = this.db.prepare('SELECT tensors_json FROM models WHERE id = ?').get(model.id) as {
      tensors_json: string;
    };
    return {
      name: model.name,
      architecture: model.architecture,
      tensors: JSON.parse(tensors_json) as Record<string, number[]>,
    };
  }

  removeModel(id: string): boolean {
    return this.remove(MODELS, this.getModel(id));
  }

  defaults(): ModelDefaults {
    const rows = this.db.prepare('SELECT role, model_id FROM model_defaults').all() as {
      role: ModelRole;
      model_id: string;
    }[];
    const out: ModelDefaults = { chat: null, embedding: null, reranker: null };
    for (const r of rows) out[r.role] = r.model_id;
    return out;
  }

  setDefault(role: ModelRole, id: string | null): ModelDefaults {
    if (id === null) this.db.prepare('DELETE FROM model_defaults WHERE role = ?').run(role);
    else {
      const model = this.getModel(id);
      if (!model.roles.includes(role)) {
        const hint =
          role === 'embedding'
            ? ' An embedding model is an encoder such as all-MiniLM-L6-v2, or a model made for embeddings.'
            : '';
        throw new ScholiumError(
          'UNSUPPORTED',
          `${model.name} cannot serve as the ${role} model; it can serve as: ${model.roles.join(', ')}.${hint}`,
        );
      }
      this.db
        .prepare(
          'INSERT INTO model_defaults (role, model_id) VALUES (?, ?) ON CONFLICT(role) DO UPDATE SET model_id = excluded.model_id',
        )
        .run(role, id);
    }
    return this.defaults();
  }

  insertAdapter(record: AdapterRecord): AdapterRecord {
    this.db
      .prepare(
        `INSERT INTO adapters (id, name, file, stored, source, architecture, rank, alpha, targets_json, size_bytes, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.name,
        record.file,
        record.stored ? 1 : 0,
        record.source,
        record.architecture,
        record.rank,
        record.alpha,
        JSON.stringify(record.targets),
        record.sizeBytes,
        record.addedAt,
      );
    return record;
  }

  listAdapters(): AdapterRecord[] {
    return this.rows<AdapterRow>(ADAPTERS).map(toAdapter);
  }

  getAdapter(id: string): AdapterRecord {
    return toAdapter(this.row<AdapterRow>(ADAPTERS, id));
  }

  removeAdapter(id: string): boolean {
    return this.remove(ADAPTERS, this.getAdapter(id));
  }

  private rows<R>(kind: RecordKind): R[] {
    return this.db.prepare(`SELECT * FROM ${kind.table} ORDER BY added_at, id`).all() as R[];
  }

  /** One row by id; a missing one is explained with the ids that are registered. */
  private row<R>(kind: RecordKind, id: string): R {
    const row = this.db.prepare(`SELECT * FROM ${kind.table} WHERE id = ?`).get(id) as R | undefined;
    if (row !== undefined) return row;
    const known = this.rows<{ id: string }>(kind).map((r) => r.id);
    throw new ScholiumError(
      'NOT_FOUND',
      `No ${kind.noun} "${id}" is registered.${known.length > 0 ? ` Registered: ${known.join(', ')}.` : kind.whenNone}`,
    );
  }

  /** Forgets a record; a file the library copied in goes too, the user's own file stays. */
  private remove(kind: RecordKind, record: { id: string; stored: boolean; file: string }): boolean {
    this.db.prepare(`DELETE FROM ${kind.table} WHERE id = ?`).run(record.id);
    if (record.stored) fs.rmSync(record.file, { force: true });
    return true;
  }
}

/** A table of registered files: models or adapters. */
interface RecordKind {
  table: 'models' | 'adapters';
  noun: string;
  /** Said after "is registered." when nothing of the kind is. */
  whenNone: string;
}
const MODELS: RecordKind = {
  table: 'models',
  noun: 'model',
  whenNone: ' Add one with "scholium models add <file.gguf>".',
};
const ADAPTERS: RecordKind = { table: 'adapters', noun: 'adapter', whenNone: '' };

/** Where the library keeps copied and converted files. */
export function libraryFolder(libraryDir: string, kind: 'models' | 'adapters'): string {
  const dir = path.join(libraryDir, kind);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir);
  return dir;
}
