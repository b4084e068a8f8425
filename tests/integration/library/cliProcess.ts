import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/core/db/database.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
const runner = path.join(import.meta.dirname, 'runCli.ts');

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `scholium --library <dir> <args>` from the TypeScript sources (as another user when `as` gives one). */
export function startCli(libraryDir: string, args: string[], as?: { uid: number; gid: number }): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', runner, '--library', libraryDir, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as === undefined ? {} : { ...as, env: { ...process.env, HOME: libraryDir } }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += String(c)));
  child.stderr!.on('data', (c: Buffer) => (stderr += String(c)));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export async function runCli(
  libraryDir: string,
  args: string[],
  as?: { uid: number; gid: number },
): Promise<{ code: number | null; stdout: string; stderr: string; json: unknown }> {
  const r = await startCli(libraryDir, args, as).done;
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // human output
  }
  return { ...r, json };
}

/** Reads the library database directly (read-only), as a second process would. */
export function withDatabase<T>(libraryDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(libraryDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Everything an import put in the library, independent of generated ids: per
 * file, its paper's title, pages and a hash of its passages (text, section,
 * kind, spans, boxes) in order.
 */
export function libraryFingerprint(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT f.path || '#' || f.doc_key AS file, p.title, p.page_count AS pages,
         (SELECT count(*) FROM pages WHERE paper_id = p.id) AS page_rows,
         (SELECT json_group_array(json_array(section, kind, text, spans, boxes, page)) FROM (SELECT * FROM passages WHERE paper_id = p.id ORDER BY ordinal)) AS passages
       FROM files f JOIN papers p ON p.id = f.paper_id ORDER BY file`,
    )
    .all() as { file: string; title: string; pages: number; page_rows: number; passages: string }[];
  return rows.map(
    (r) =>
      `${r.file}|${r.title}|${r.pages}|${r.page_rows}|${createHash('sha256').update(r.passages).digest('hex').slice(0, 16)}`,
  );
}

/** Papers missing a file, a page or all passages (none may exist: a paper is written whole or not at all). */
export function partialPapers(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT p.id FROM papers p WHERE NOT EXISTS (SELECT 1 FROM files WHERE paper_id = p.id)
         OR NOT EXISTS (SELECT 1 FROM passages WHERE paper_id = p.id)
         OR (SELECT count(*) FROM pages WHERE paper_id = p.id) <> p.page_count`,
    )
    .all() as { id: string }[];
  return rows.map((r) => r.id);
}

/** Passages without their full-text row, or full-text rows without their passage. */
export function ftsMismatch(db: Database.Database): number {
  const missing = (
    db.prepare('SELECT count(*) AS n FROM passages WHERE id NOT IN (SELECT rowid FROM passages_fts)').get() as {
      n: number;
    }
  ).n;
  const stray = (
    db.prepare('SELECT count(*) AS n FROM passages_fts WHERE rowid NOT IN (SELECT id FROM passages)').get() as {
      n: number;
    }
  ).n;
  return missing + stray;
}
