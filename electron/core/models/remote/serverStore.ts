import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import type { ServerKind } from '../../../contract/ops/servers.js';

export interface ServerRecord {
  id: string;
  name: string;
  /** The API base, e.g. http://gpu-box:8080/v1. */
  baseUrl: string;
  kind: ServerKind;
  hasKey: boolean;
  addedAt: string;
}

interface ServerRow {
  id: string;
  name: string;
  base_url: string;
  kind: ServerKind;
  has_key: number;
  added_at: string;
}

const toServer = (r: ServerRow): ServerRecord => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  kind: r.kind,
  hasKey: r.has_key === 1,
  addedAt: r.added_at,
});

/**
 * The configured inference servers (migration 9) and their API keys. A key lives in <library>/servers/<id>.key,
 * the folder 0700 and the file 0600, never in the database: backups, exports and logs carry the database's facts,
 * never a secret.
 */
export class ServerStore {
  private readonly keyDir: string;

  constructor(
    private readonly db: Database.Database,
    libraryDir: string,
  ) {
    this.keyDir = path.join(libraryDir, 'servers');
  }

  list(): ServerRecord[] {
    return (this.db.prepare('SELECT * FROM model_servers ORDER BY added_at, id').all() as ServerRow[]).map(toServer);
  }

  get(id: string): ServerRecord {
    const row = this.db.prepare('SELECT * FROM model_servers WHERE id = ?').get(id) as ServerRow | undefined;
    if (row !== undefined) return toServer(row);
    const known = this.list().map((s) => s.id);
    throw new ScholiumError(
      'NOT_FOUND',
      `No model server "${id}" is configured.${known.length > 0 ? ` Configured: ${known.join(', ')}.` : ' Add one with "scholium models add-server URL".'}`,
    );
  }

  byUrl(baseUrl: string): ServerRecord | null {
    const row = this.db.prepare('SELECT * FROM model_servers WHERE base_url = ?').get(baseUrl) as ServerRow | undefined;
    return row === undefined ? null : toServer(row);
  }

  newId(name: string): string {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9.]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'server';
    let id = base;
    for (let n = 2; this.db.prepare('SELECT 1 FROM model_servers WHERE id = ?').get(id) !== undefined; n++)
      id = `${base}-${n}`;
    return id;
  }

  /** Saves the server, and its key (or the absence of one) beside it. */
  save(record: Omit<ServerRecord, 'hasKey'>, apiKey: string | null): ServerRecord {
    this.db
      .prepare(
        `INSERT INTO model_servers (id, name, base_url, kind, has_key, added_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, has_key = excluded.has_key`,
      )
      .run(record.id, record.name, record.baseUrl, record.kind, apiKey === null ? 0 : 1, record.addedAt);
    if (apiKey === null) fs.rmSync(this.keyFile(record.id), { force: true });
    else this.writeKey(record.id, apiKey);
    return this.get(record.id);
  }

  remove(id: string): void {
    this.get(id);
    this.db.prepare('DELETE FROM model_servers WHERE id = ?').run(id);
    fs.rmSync(this.keyFile(id), { force: true });
  }

  /** The server's API key, or null when it has none (or its file went missing). */
  apiKey(id: string): string | null {
    try {
      return fs.readFileSync(this.keyFile(id), 'utf8');
    } catch {
      return null;
    }
  }

  private keyFile(id: string): string {
    return path.join(this.keyDir, `${id}.key`);
  }

  /** Written under a temporary name created 0600, then renamed: never readable by others, never half-written. */
  private writeKey(id: string, key: string): void {
    fs.mkdirSync(this.keyDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.keyDir, 0o700);
    const partial = `${this.keyFile(id)}.partial`;
    fs.rmSync(partial, { force: true });
    fs.writeFileSync(partial, key, { mode: 0o600, flag: 'wx' });
    fs.renameSync(partial, this.keyFile(id));
  }
}
