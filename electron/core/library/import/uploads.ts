import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';

export interface UploadChunk {
  uploadId: string;
  name: string;
  offset: number;
  data: string;
  done: boolean;
}

const MAX_CHUNK = 8 * 1024 * 1024;

/** A file name safe to create: no folders, no leading dots, no control or reserved characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  const cleaned = base
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, '_')
    .replace(/^\.+/, '')
    .trim();
  return cleaned === '' ? 'upload' : cleaned.slice(0, 200);
}

/**
 * Files sent by a browser page (host mode cannot name files on disk): stored
 * under the library's uploads/ folder, chunk by chunk in order, and handed to
 * the import by id once complete. They stay there as the papers' files.
 */
export class UploadStore {
  constructor(private readonly dir: string) {}

  receive(chunk: UploadChunk): { received: number } {
    const folder = path.join(this.dir, chunk.uploadId);
    const partial = path.join(folder, `${safeFileName(chunk.name)}.part`);
    const bytes = Buffer.from(chunk.data, 'base64');
    if (bytes.length > MAX_CHUNK)
      throw new ScholiumError('INVALID_REQUEST', `Upload chunks are at most 8 MiB; this one is ${bytes.length} bytes.`);
    if (chunk.offset === 0) fs.mkdirSync(folder, { recursive: true });
    const size = fs.statSync(partial, { throwIfNoEntry: false })?.size ?? 0;
    if (chunk.offset !== size) {
      throw new ScholiumError(
        'CONFLICT',
        `Upload ${chunk.uploadId} has ${size} bytes; a chunk at offset ${chunk.offset} does not follow on. Resend from ${size}.`,
      );
    }
    if (chunk.offset === 0) fs.writeFileSync(partial, bytes);
    else fs.appendFileSync(partial, bytes);
    const received = size + bytes.length;
    if (chunk.done) fs.renameSync(partial, path.join(folder, safeFileName(chunk.name)));
    return { received };
  }

  /**
   * Text with each upload's path inside the library ("…/uploads/k3j2/paper.pdf") shortened to the file's own name
   * ("paper.pdf"): what the user sent, not where Scholium keeps it.
   */
  userFacing(text: string): string {
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return text.replace(new RegExp(`${escape(this.dir + path.sep)}[A-Za-z0-9_-]{1,64}${escape(path.sep)}`, 'g'), '');
  }

  /** The complete file of an upload. */
  pathOf(uploadId: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(uploadId))
      throw new ScholiumError('INVALID_REQUEST', `Upload id ${JSON.stringify(uploadId)} is malformed.`);
    const folder = path.join(this.dir, uploadId);
    const done = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => !f.endsWith('.part')) : [];
    if (done.length === 0)
      throw new ScholiumError(
        'NOT_FOUND',
        `Upload ${uploadId} is missing or was not finished (send its last chunk with done: true).`,
      );
    return path.join(folder, done[0]!);
  }
}
