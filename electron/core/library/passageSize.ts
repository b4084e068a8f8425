import type Database from 'better-sqlite3';
import { PassageSizeSchema, type PassageSize } from '../../contract/ops/library.js';
import { DEFAULT_CHUNKING } from './types.js';

const KEY = 'library.passageSize';

/**
 * The passage size chosen for this library (kept in it, so the app, the host and the CLI cut passages alike), else the
 * default.
 */
export function readPassageSize(db: Database.Database): PassageSize {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  let value: unknown = null;
  try {
    value = row === undefined ? null : JSON.parse(row.value);
  } catch {
    // A damaged value is no choice: the default stands.
  }
  const parsed = PassageSizeSchema.safeParse(value);
  return parsed.success ? parsed.data : { ...DEFAULT_CHUNKING };
}

export function writePassageSize(db: Database.Database, size: PassageSize): PassageSize {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(size));
  return readPassageSize(db);
}
