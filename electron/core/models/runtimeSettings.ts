import type Database from 'better-sqlite3';
import type { RuntimeSettings } from '../../contract/index.js';
import { SettingsStore } from '../settings/settingsStore.js';
import type { ModelServiceOptions } from './modelService.js';

const THREADS = 'runtime.threads';
const GPU = 'runtime.gpu';

/** The model runtime settings chosen for this library (kept in it, so the app, the host and the CLI agree). */
export function readRuntimeSettings(db: Database.Database): RuntimeSettings {
  const settings = new SettingsStore(db);
  const threads = Number(settings.get(THREADS));
  return { threads: Number.isInteger(threads) && threads >= 1 ? threads : null, gpu: settings.get(GPU) !== 'off' };
}

export function writeRuntimeSettings(db: Database.Database, change: Partial<RuntimeSettings>): RuntimeSettings {
  const settings = new SettingsStore(db);
  db.transaction(() => {
    if (change.threads === null) settings.delete(THREADS);
    else if (change.threads !== undefined) settings.set(THREADS, String(change.threads));
    if (change.gpu !== undefined) settings.set(GPU, change.gpu ? 'auto' : 'off');
  }).immediate();
  return readRuntimeSettings(db);
}

/**
 * What the model runtime is started with: automatic threads (the physical cores) unless chosen; a GPU when found unless
 * turned off.
 */
export function runtimeOptions(settings: RuntimeSettings): Pick<ModelServiceOptions, 'threads' | 'gpu'> {
  return { ...(settings.threads === null ? {} : { threads: settings.threads }), gpu: settings.gpu ? 'auto' : false };
}
