import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PATH, ScholiumError, TOKEN_PARAM } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { allowedHosts, isAllowedOrigin, newToken, shownAddress, tokenMatches } from './auth.js';
import { serveStatic, securityHeaders } from './staticFiles.js';
import { serveConnection } from './connection.js';
import { FILES_PREFIX, servePaperFile } from './paperFiles.js';

export interface HostOptions {
  core: Core;
  staticDir: string;
  /** Interface to bind; loopback unless the user explicitly asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Where the host reports a request or socket it had to give up on (default: stderr). */
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  host: string;
  token: string;
  /** Number of open API connections. */
  connections(): number;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}`,
  );
}

/**
 * Browser mode: the built renderer over HTTP, papers' PDFs at /files/ and the
 * contract over a WebSocket, both needing the session token (the API also a same-origin page).
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  let hosts = new Set<string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  /** One request's failure is answered (or its socket closed) and logged; the host serves on. */
  const guarded =
    <A extends unknown[]>(what: string, onFailure: (...args: A) => void, handle: (...args: A) => void) =>
    (...args: A): void => {
      try {
        handle(...args);
      } catch (error) {
        log(`scholium host: ${what} failed: ${(error as Error).stack ?? String(error)}`);
        onFailure(...args);
      }
    };
  const failRequest = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
      res.end('Internal error: the host logged it.');
    }
  };

  const server = http.createServer(
    guarded('a request', failRequest, (req, res) => {
      if (!hosts.has(req.headers.host ?? '')) {
        res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Misdirected request: this Scholium host only answers on its own address.');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders() });
        res.end();
        return;
      }
      if ((req.url ?? '').startsWith(FILES_PREFIX))
        return servePaperFile(req, res, token, (paperId) => options.core.papers.pdfFile(paperId));
      serveStatic(options.staticDir, req, res);
    }),
  );

  server.on(
    'upgrade',
    guarded(
      'a WebSocket upgrade',
      (_req: http.IncomingMessage, socket: Duplex, _head: Buffer) => socket.destroy(),
      (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        // A client that resets the connection mid-handshake must not become an unhandled 'error'.
        socket.on('error', (error) => log(`scholium host: a WebSocket upgrade's socket failed: ${error.message}`));
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, 'No such endpoint.');
        if (!hosts.has(req.headers.host ?? '')) return refuseUpgrade(socket, 421, 'Wrong host.');
        if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM)))
          return refuseUpgrade(socket, 401, 'Missing or wrong token.');
        if (!isAllowedOrigin(req.headers.origin, hosts)) return refuseUpgrade(socket, 403, 'Foreign origin.');
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.add(ws);
          ws.on('close', () => sockets.delete(ws));
          // A frame ws refuses (not UTF-8, over maxPayload) arrives here; ws then closes that socket (1007, 1009).
          ws.on('error', (error) => log(`scholium host: closed a WebSocket: ${error.message}`));
          serveConnection(ws, options.core, log);
        });
      },
    ),
  );

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ScholiumError(
            'CONFLICT',
            `Port ${options.port} on ${host} is already in use. Choose another with --port, or omit it to pick a free one.`,
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new ScholiumError('INVALID_REQUEST', `Cannot listen on ${host}: no such local address.`));
      } else if (error.code === 'EACCES') {
        reject(
          new ScholiumError(
            'IO_ERROR',
            `Not allowed to listen on ${host}:${options.port}. Ports below 1024 need privileges; choose a higher one.`,
          ),
        );
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  return {
    url: `http://${shownAddress(host)}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    host,
    token,
    connections: () => sockets.size,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A browser keeps idle and pre-opened connections; left open, they hold close() for up to a minute.
      server.closeAllConnections();
      await closed;
    },
  };
}
