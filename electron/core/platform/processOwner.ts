import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

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
 * When the process started, where the system says (Linux: clock ticks since boot, /proc/PID/stat field 22); null
 * elsewhere or when it is gone. A pid with another start time is another process that reused the number.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
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

/** Unfinished work recorded with the process that owns it. */
export interface OwnedRecord {
  id: string;
  ownerPid: number | null;
  ownerToken: string | null;
}

/**
 * Fails each record whose owning process is gone, by `fail` with `error(pid)` saying so; records of a live process
 * (the app evaluating while a CLI command opens the same library) are left alone. Returns how many were failed.
 */
export function failOrphans(
  records: readonly OwnedRecord[],
  error: (pid: number | null) => string,
  fail: (id: string, error: string) => void,
): number {
  const orphans = records.filter((r) => !ownerAlive(r.ownerPid, r.ownerToken));
  for (const r of orphans) fail(r.id, error(r.ownerPid));
  return orphans.length;
}
