import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { containedPath } from '../core/security/pathContainment.js';
import { CONTENT_SECURITY_POLICY } from '../host/staticFiles.js';
import { rendererDir } from '../../native/appPaths.js';
import { APP_HOST, APP_SCHEME, LIBRARY_HOST } from './navigationPolicy.js';

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

/** Must run before app is ready. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

async function serveFile(file: string | null): Promise<Response> {
  if (file === null) return new Response('Forbidden', { status: 403 });
  try {
    const body = await fs.readFile(file);
    return new Response(new Uint8Array(body), {
      headers: { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/**
 * scholium://app/… serves the built renderer; scholium://library/… serves PDF
 * files, and only from inside the library folder (containment on parsed paths).
 */
export function handleAppProtocol(libraryDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (url.host === APP_HOST) return serveFile(containedPath(rendererDir(), relative === '' ? 'index.html' : relative));
    if (url.host === LIBRARY_HOST && path.extname(relative).toLowerCase() === '.pdf') return serveFile(containedPath(libraryDir, relative));
    return new Response('Forbidden', { status: 403 });
  });
}
