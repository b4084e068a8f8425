import { ScholiumError } from '../../contract/index.js';
import { BACKUP_FOLDER } from './layout.js';

/** SQLite's "malformed" or "not a database" as a sentence that says what to do about it; other errors as they are. */
export function damaged(error: unknown, file?: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return error;
  return new ScholiumError(
    'IO_ERROR',
    `The library database${file === undefined ? '' : ` ${file}`} is damaged (${(error as Error).message}). Restore a backup with "scholium restore FILE" (backups are in the library's ${BACKUP_FOLDER}/ folder), or move the file away to start an empty library.`,
  );
}
