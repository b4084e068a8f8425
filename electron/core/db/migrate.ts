import type Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

/**
 * Brings the database to the newest schema, one transaction per migration (versions strictly increasing),
 * recording progress in user_version. A database written by a newer Scholium
 * is refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1]!.version;
    if (m.version <= previous) throw new Error(`migration ${m.name} has version ${m.version}, not above ${previous}`);
  });
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new ScholiumError(
      'LIBRARY_TOO_NEW',
      `The library at ${file} was written by a newer version of Scholium (schema ${current}; this version knows up to ${latest}). Update Scholium to open it; nothing was changed.`,
    );
  }
  for (const m of migrations.filter((x) => x.version > current)) {
    // Another process opening the same new library may have applied it meanwhile: decide inside the write lock.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
