import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ExtractionError, type ExtractionFailureCode } from '../types.js';

export interface ProbedFile {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** A file-system failure as the import reports it: a stable code and a sentence naming the file. */
export function describeFsError(error: unknown, file: string): { code: ExtractionFailureCode; message: string } {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT')
    return { code: 'MISSING', message: `${file} does not exist (it may have been moved or deleted).` };
  if (code === 'EACCES' || code === 'EPERM')
    return { code: 'UNREADABLE', message: `Scholium is not allowed to read ${file} (permission denied).` };
  if (code === 'EISDIR') return { code: 'UNREADABLE', message: `${file} is a folder, not a file.` };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'UNREADABLE', message: `${file} could not be read (${detail}).` };
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Checks that `file` is a non-empty regular file, without opening it (a FIFO
 * would block until something writes to it). Throws ExtractionError with
 * MISSING, UNREADABLE or EMPTY.
 */
export async function statFile(file: string): Promise<{ size: number; mtimeMs: number }> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    const { code, message } = describeFsError(error, file);
    throw new ExtractionError(
      code,
      code === 'MISSING' ? `${file} was removed before Scholium could read it.` : message,
    );
  }
  if (!stat.isFile())
    throw new ExtractionError('UNREADABLE', `${file} cannot be imported: it is ${kindOf(stat)}, not a regular file.`);
  if (stat.size === 0) throw new ExtractionError('EMPTY', `${file} is empty (0 bytes).`);
  return { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

/** statFile, then the file's sha256 (streamed, so a large PDF never sits in memory twice). */
export async function probeFile(file: string, signal?: AbortSignal): Promise<ProbedFile> {
  const stat = await statFile(file);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, signal });
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    if (signal?.aborted) throw new ExtractionError('CANCELLED', 'The import was cancelled.');
    const { code, message } = describeFsError(error, file);
    throw new ExtractionError(
      code,
      code === 'MISSING' ? `${file} disappeared while Scholium was reading it.` : message,
    );
  }
  if (size === 0) throw new ExtractionError('EMPTY', `${file} is empty (0 bytes).`);
  return { sha256: hash.digest('hex'), size, mtimeMs: stat.mtimeMs };
}
