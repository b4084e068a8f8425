/**
 * The core's public entry: all that the shells (electron/main, electron/cli,
 * electron/host) may use of the core; lint refuses their imports of anything
 * else in it. Tests and benchmarks may reach further in.
 *
 * It is light on purpose: Electron's main process imports it for a few helpers,
 * so the composition root (core.ts, with better-sqlite3, sqlite-vec,
 * node-llama-cpp and every concern) is loaded only when a core is opened, and
 * never in Electron's main process, which runs the core in a utilityProcess.
 */
import type { Core, CoreOptions } from './core.js';
import type { RestoreResult } from './db/restore.js';

export type { Core, CoreOptions, InvokeOptions } from './core.js';
export type { BackupResult } from './db/backup.js';
export type { RestoreResult } from './db/restore.js';

/** Opens the library in this process: its database (migrated), jobs and services. */
export async function openCore(options: CoreOptions): Promise<Core> {
  const composition = await import('./core.js');
  return composition.Core.open(options);
}

/**
 * Puts a verified backup in place of the library database in one step, keeping the current one beside it; refused
 * while any Scholium process (this one included) has the library open.
 */
export async function restoreLibrary(libraryDir: string, backupFile: string): Promise<RestoreResult> {
  const restore = await import('./db/restore.js');
  return restore.restoreLibrary(libraryDir, backupFile);
}

// The process: where the library is, this version, no network but loopback and allowed downloads.
export { libraryDirToOpen, resolveLibraryDir } from './platform/libraryLocation.js';
export { appVersion } from './platform/version.js';
export { installNetworkGuard } from './platform/networkGuard.js';
// One server per library.
export { acquireServeLock } from './platform/instanceLock.js';
// A path inside a folder, or null: for serving the renderer's and the library's files.
export { containedPath } from './platform/pathContainment.js';
// Any thrown error as the contract's ApiError.
export { toApiError } from './dispatch.js';
// The PDF on disk to show for a paper the core returned.
export { pdfFileOf } from './library/paperFile.js';
// Whether a models.download source is a URL or a hub reference rather than a local path.
export { isDownloadSource } from './models/download/modelSource.js';
