import type Database from 'better-sqlite3';
import type { RuntimeSettings } from '../../contract/index.js';
import type { ModelServiceOptions } from './modelService.js';

const THREADS = 'runtime.threads';
const GPU = 'runtime.gpu';

/** The model runtime settings chosen for this library (kept in it, so the app, the host and the CLI agree). */
export function readRuntimeSettings(db: Database.Database): RuntimeSettings {
  const get = (key: string): string | undefined =>
    (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const threads = Number(get(THREADS));
  return { threads: Number.isInteger(threads) && threads >= 1 ? threads : null, gpu: get(GPU) !== 'off' };
}

export function writeRuntimeSettings(db: Database.Database, change: Partial<RuntimeSettings>): RuntimeSettings {
  const set = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    if (change.threads === null) db.prepare('DELETE FROM settings WHERE key = ?').run(THREADS);
    else if (change.threads !== undefined) set.run(THREADS, String(change.threads));
    if (change.gpu !== undefined) set.run(GPU, change.gpu ? 'auto' : 'off');
  })();
  return readRuntimeSettings(db);
}

/**
 * What the model runtime is started with: automatic threads (the physical cores) unless chosen; a GPU when found unless
 * turned off.
 */
export function runtimeOptions(settings: RuntimeSettings): Pick<ModelServiceOptions, 'threads' | 'gpu'> {
  return { ...(settings.threads === null ? {} : { threads: settings.threads }), gpu: settings.gpu ? 'auto' : false };
}
