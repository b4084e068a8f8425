import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { containedPath } from '../core/index.js';
import { CONTENT_SECURITY_POLICY } from '../host/staticFiles.js';
import { rendererDir } from '../../native/appPaths.js';
import { APP_HOST, APP_SCHEME, LIBRARY_HOST, paperIdOfLibraryUrl } from './navigationPolicy.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mjs': 'text/javascript',
};

/** The paper's PDF on disk, or the sentence saying why there is none (asked of the core). */
export type PaperFileLookup = (paperId: string) => Promise<{ file: string } | { problem: string }>;

/** Must run before app is ready. corsEnabled: the Reader on scholium://app fetches from scholium://library. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

async function serveFile(file: string | null, headers: Record<string, string> = {}): Promise<Response> {
  if (file === null) return new Response('Forbidden', { status: 403 });
  try {
    const body = await fs.readFile(file);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        ...headers,
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/**
 * scholium://app/… serves the built renderer (contained in its folder);
 * scholium://library/papers/<id>.pdf serves the PDF the library recorded for
 * that paper, found by the core: the URL names a paper, never a path.
 */
export function handleAppProtocol(paperFile: PaperFileLookup): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host === APP_HOST) {
      const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
      return serveFile(containedPath(rendererDir(), relative === '' ? 'index.html' : relative));
    }
    if (url.host !== LIBRARY_HOST) return new Response('Forbidden', { status: 403 });
    const paperId = paperIdOfLibraryUrl(url);
    if (paperId === null)
      return new Response('Not a paper file address: papers are at scholium://library/papers/<id>.pdf.', {
        status: 404,
      });
    const found = await paperFile(paperId);
    if ('problem' in found) return new Response(found.problem, { status: 404 });
    return serveFile(found.file, {
      'Content-Type': 'application/pdf',
      'Access-Control-Allow-Origin': `${APP_SCHEME}://${APP_HOST}`,
    });
  });
}
