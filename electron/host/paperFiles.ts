import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ScholiumError, TOKEN_PARAM } from '../contract/index.js';
import { tokenMatches } from './auth.js';
import { securityHeaders } from './staticFiles.js';

/** Where the Reader fetches a paper's PDF in browser mode: /files/<paperId>.pdf?token=… */
export const FILES_PREFIX = '/files/';

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...securityHeaders(),
  });
  res.end(message);
}

/**
 * Serves the registered PDF of one paper. The URL names a paper id only; the
 * file is whatever `pdfFileOf` finds recorded for it, so no path in the
 * request is ever opened. Needs the session token like the API does.
 */
export function servePaperFile(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  pdfFile: (paperId: string) => string,
): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM)))
    return answer(res, 401, 'Missing or wrong token: open Scholium from the address `scholium serve` printed.');
  const match = /^\/files\/([^/]+)\.pdf$/.exec(url.pathname);
  let paperId: string | null = null;
  try {
    paperId = match === null ? null : decodeURIComponent(match[1]!);
  } catch {
    // A malformed %-escape names no paper.
  }
  if (paperId === null) return answer(res, 404, 'Not a paper file address: papers are served at /files/<paperId>.pdf.');
  let file: string;
  let size: number;
  try {
    file = pdfFile(paperId);
    size = fs.statSync(file).size;
  } catch (error) {
    if (error instanceof ScholiumError && error.code === 'NOT_FOUND') return answer(res, 404, error.message);
    return answer(res, 500, `The PDF could not be read: ${(error as Error).message}`);
  }
  res.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Length': String(size),
    // The token is in the URL and the file may be replaced by a re-import: keep no copies.
    'Cache-Control': 'no-store',
    ...securityHeaders(),
  });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
