import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * This process as the owner of the work it records in a library (jobs,
 * evaluation runs). The token tells this process apart from an earlier one
 * that had the same pid (pids are reused, quickly so in containers).
 */
export const THIS_PROCESS: { readonly pid: number; readonly token: string } = { pid: process.pid, token: randomUUID() };

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that recorded this owner may still be working; rows written before owners were recorded have
 * none.
 */
export function ownerAlive(pid: number | null, token: string | null): boolean {
  if (pid === null || token === null) return false;
  if (pid === THIS_PROCESS.pid) return token === THIS_PROCESS.token;
  return processAlive(pid);
}

/**
 * Marks the rows of `table` still in one of `states` whose owning process is
 * gone as failed, with `error(pid)` saying so. Rows of a live process (the app
 * evaluating while a CLI command opens the same library) are left alone.
 */
export function failOrphans(
  db: Database.Database,
  table: 'jobs' | 'eval_runs',
  states: readonly string[],
  error: (pid: number | null) => string,
  now: Date,
): number {
  const rows = db
    .prepare(`SELECT id, owner_pid, owner_token FROM ${table} WHERE state IN (${states.map(() => '?').join(', ')})`)
    .all(...states) as Array<{
    id: string;
    owner_pid: number | null;
    owner_token: string | null;
  }>;
  const orphans = rows.filter((r) => !ownerAlive(r.owner_pid, r.owner_token));
  const mark = db.prepare(
    `UPDATE ${table} SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state IN (${states.map(() => '?').join(', ')})`,
  );
  db.transaction(() => {
    for (const r of orphans) mark.run(error(r.owner_pid), now.toISOString(), r.id, ...states);
  })();
  return orphans.length;
}
