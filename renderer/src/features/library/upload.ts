import type { ApiClient } from '../../api/client.js';
import type { Accepted } from './importFiles.js';

/** Decoded bytes per message: under the operation's 8 MiB and the host's 16 MiB frame once base64-encoded. */
const CHUNK = 4 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends a file the browser holds (picked or dropped) to the library in
 * chunks; the host cannot open paths from a browser's file picker. Returns
 * the upload id to import.
 */
export async function uploadFile(api: ApiClient, { file, name }: Accepted): Promise<string> {
  const uploadId = crypto.randomUUID();
  let offset = 0;
  do {
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
    const done = offset + bytes.length >= file.size;
    const r = await api.invoke('library.upload', { uploadId, name, offset, data: toBase64(bytes), done });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    offset += bytes.length;
  } while (offset < file.size);
  return uploadId;
}
