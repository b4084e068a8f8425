import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ScholiumError } from '../../contract/index.js';
import { processAlive, processStartTime } from './processOwner.js';

/**
 * Who has a library open. Every Scholium process that opens the library database (CLI command, `serve`, the app's
 * core) leaves one file in <library>/in-use/ for as long as it has it open; a restore takes <library>/restoring.json
 * before it looks there. Each side writes its own file first and then looks for the other's, so an opener and a
 * restore that start together cannot both go ahead. Files of processes that are gone (kill -9, power loss) are
 * ignored and removed: the pid must be alive and, where the system tells (Linux), have the same start time.
 */

const USERS_DIR = 'in-use';
const CLAIM_FILE = 'restoring.json';

export interface LibraryUser {
  pid: number;
  started: string | null;
  mode: string;
}

export interface RestoreClaim extends LibraryUser {
  /** The backup being restored and the temporary copy it is written to, for recovery after a crash. */
  backup: string;
  temp: string;
  /** 'swapping' once the temporary copy is complete and about to be renamed over the database. */
  phase: 'copying' | 'swapping';
}

function me(mode: string): LibraryUser {
  return { pid: process.pid, started: processStartTime(process.pid), mode };
}

function alive(user: LibraryUser): boolean {
  if (!processAlive(user.pid)) return false;
  return user.started === null || processStartTime(user.pid) === user.started;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Writes `file` whole or not at all (a reader never sees half of it). */
function writeWhole(file: string, value: unknown, exclusive: boolean): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(value));
  try {
    if (exclusive) fs.linkSync(temp, file);
    else fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

const KINDS: Record<string, string> = {
  cli: 'a scholium command',
  host: 'scholium serve',
  electron: 'the Scholium app',
  restore: 'scholium restore',
};
const describeUser = (u: LibraryUser): string => `${KINDS[u.mode] ?? u.mode}, pid ${u.pid}`;

/** The restore claim left by a process that died mid-restore, taken away so exactly one opener recovers from it. */
export function takeStaleClaim(libraryDir: string): RestoreClaim | null {
  const file = path.join(libraryDir, CLAIM_FILE);
  const claim = readJson<RestoreClaim>(file);
  if (claim !== null && alive(claim)) return null;
  if (!fs.existsSync(file)) return null;
  const taken = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, taken);
  } catch {
    return null; // another process took it first
  }
  fs.rmSync(taken, { force: true });
  return claim;
}

/**
 * Records that this process has the library open; refused while a restore into it runs. Returns the release
 * function.
 */
export function registerLibraryUse(libraryDir: string, mode: string): () => void {
  const dir = path.join(libraryDir, USERS_DIR);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir);
  const file = path.join(dir, `${process.pid}-${randomUUID()}.json`);
  writeWhole(file, me(mode), false);
  const release = (): void => fs.rmSync(file, { force: true });
  const claim = readJson<RestoreClaim>(path.join(libraryDir, CLAIM_FILE));
  if (claim !== null && alive(claim)) {
    release();
    throw new ScholiumError(
      'CONFLICT',
      `A restore into this library is running (${describeUser(claim)}); try again when it has finished.`,
    );
  }
  return release;
}

/** The live processes that have the library open; files left by dead ones are removed. */
export function libraryUsers(libraryDir: string): LibraryUser[] {
  const dir = path.join(libraryDir, USERS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const users: LibraryUser[] = [];
  for (const name of names) {
    const user = readJson<LibraryUser>(path.join(dir, name));
    if (user !== null && alive(user)) users.push(user);
    else if (user !== null) fs.rmSync(path.join(dir, name), { force: true });
  }
  return users;
}

/**
 * Takes the library for a restore: refused while any Scholium process has it open or another restore runs.
 * Returns functions to record the restore's phase and to release the claim.
 */
export function claimForRestore(
  libraryDir: string,
  backup: string,
  temp: string,
): { phase(phase: RestoreClaim['phase']): void; release(): void } {
  const file = path.join(libraryDir, CLAIM_FILE);
  const claim = (phase: RestoreClaim['phase']): RestoreClaim => ({ ...me('restore'), backup, temp, phase });
  try {
    writeWhole(file, claim('copying'), true);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = readJson<RestoreClaim>(file);
    if (other !== null && alive(other))
      throw new ScholiumError('CONFLICT', `Another restore into this library is running (${describeUser(other)}).`);
    throw new ScholiumError('CONFLICT', 'An earlier restore into this library was interrupted; try again.');
  }
  const release = (): void => fs.rmSync(file, { force: true });
  const users = libraryUsers(libraryDir);
  if (users.length > 0) {
    release();
    throw new ScholiumError(
      'CONFLICT',
      `Cannot restore while Scholium has this library open: ${users.map(describeUser).join(', ')}. Stop ${users.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  return { phase: (phase) => writeWhole(file, claim(phase), false), release };
}
