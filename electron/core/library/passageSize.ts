import type Database from 'better-sqlite3';
import { PassageSizeSchema, type PassageSize } from '../../contract/ops/library.js';
import { SettingsStore } from '../settings/settingsStore.js';
import { DEFAULT_CHUNKING } from './types.js';

const KEY = 'library.passageSize';

/**
 * The passage size chosen for this library (kept in it, so the app, the host and the CLI cut passages alike), else the
 * default.
 */
export function readPassageSize(db: Database.Database): PassageSize {
  const parsed = PassageSizeSchema.safeParse(new SettingsStore(db).getJson(KEY));
  return parsed.success ? parsed.data : { ...DEFAULT_CHUNKING };
}

export function writePassageSize(db: Database.Database, size: PassageSize): PassageSize {
  new SettingsStore(db).setJson(KEY, size);
  return readPassageSize(db);
}
