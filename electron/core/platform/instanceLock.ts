import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../contract/index.js';
import { processAlive } from './processOwner.js';

const LOCK_FILE = 'serving.lock';

interface LockInfo {
  pid: number;
  address: string;
}

/**
 * One server per library: a second `scholium serve` (or app window) on the same
 * library is told where the first one is instead of racing it. A lock left by a
 * dead process is taken over.
 */
export function acquireServeLock(libraryDir: string, address: string): () => void {
  const file = path.join(libraryDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, address };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return () => {
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) fs.rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let other: LockInfo | null = null;
      try {
        other = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        other = null;
      }
      if (other !== null && other.pid !== process.pid && processAlive(other.pid)) {
        throw new ScholiumError(
          'CONFLICT',
          `This library is already being served by another Scholium (pid ${other.pid}) at ${other.address}. Use that one, or stop it first.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new ScholiumError('CONFLICT', `Could not take the lock file ${file}.`);
}
