import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Core } from '../../../electron/core/core.js';
import { startHost, type RunningHost } from '../../../electron/host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import type { ServerMessage } from '../../../electron/contract/index.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const open: Array<{ host: RunningHost; core: Core }> = [];

async function boot(port?: number): Promise<{ host: RunningHost; core: Core }> {
  const core = Core.open({ libraryDir: tempDir(), mode: 'host' });
  const host = await startHost({ core, staticDir: rendererDir(), port });
  const entry = { host, core };
  open.push(entry);
  return entry;
}

afterEach(async () => {
  for (const { host, core } of open.splice(0)) {
    await host.close();
    await core.close();
  }
});

/** Resolves with the HTTP status the server answered an upgrade with, or 101 when it accepted. */
function connect(url: string, origin: string | undefined): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => undefined);
  });
}

function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage)));
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('loopback host', () => {
  it('binds 127.0.0.1 and prints a URL carrying a token', async () => {
    const { host } = await boot();
    expect(host.host).toBe('127.0.0.1');
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the renderer with a strict content security policy', async () => {
    const { host } = await boot();
    const page = await get(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const { host } = await boot();
    const page = await get(host.port, '/', { Host: 'evil.example:80' });
    expect(page.status).toBe(421);
  });

  it('accepts the API only with the right token and a same-origin page', async () => {
    const { host } = await boot();
    const origin = `http://127.0.0.1:${host.port}`;
    const base = `ws://127.0.0.1:${host.port}/api`;
    expect((await connect(base, origin)).status).toBe(401);
    expect((await connect(`${base}?token=wrong`, origin)).status).toBe(401);
    expect((await connect(`${base}?token=${host.token}`, 'http://evil.example')).status).toBe(403);
    expect((await connect(`${base}?token=${host.token}`, undefined)).status).toBe(403);
    const good = await connect(`${base}?token=${host.token}`, origin);
    expect(good.status).toBe(101);
    good.ws?.close();
  });

  it('answers calls, refuses unknown operations and malformed messages, and keeps serving', async () => {
    const { host } = await boot();
    const { ws } = await connect(
      `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
      `http://localhost:${host.port}`,
    );
    if (ws === undefined) throw new Error('no connection');
    ws.send('not json');
    expect(await nextMessage(ws)).toMatchObject({ kind: 'protocol-error', error: { code: 'INVALID_REQUEST' } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, op: 'nope.nothing', payload: {} }));
    expect(await nextMessage(ws)).toEqual({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'UNKNOWN_OPERATION', message: 'Unknown operation "nope.nothing".' } },
    });
    ws.send(JSON.stringify({ kind: 'invoke', id: 2, op: 'jobs.cancel', payload: { jobId: [] } }));
    const invalid = await nextMessage(ws);
    expect(invalid).toMatchObject({ kind: 'result', id: 2, result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 3, op: 'app.info', payload: {} }));
    expect(await nextMessage(ws)).toMatchObject({
      kind: 'result',
      id: 3,
      result: { ok: true, value: { name: 'Scholium', mode: 'host' } },
    });
    ws.close();
  });

  it('broadcasts job progress to connected clients', async () => {
    const { host, core } = await boot();
    const { ws } = await connect(
      `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
      `http://127.0.0.1:${host.port}`,
    );
    if (ws === undefined) throw new Error('no connection');
    const received: ServerMessage[] = [];
    ws.on('message', (d) => received.push(JSON.parse(String(d)) as ServerMessage));
    const job = core.jobs.start('test', 'two steps', {}, async (ctx) => {
      ctx.progress(1, 2);
      ctx.progress(2, 2);
    });
    await core.jobs.wait(job.jobId);
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(4);
    expect(
      received.map((m) =>
        m.kind === 'event' && m.event.channel === 'job' ? `${m.event.type}:${m.event.job.done}` : m.kind,
      ),
    ).toEqual(['progress:0', 'progress:1', 'progress:2', 'done:2']);
    ws.close();
  });

  it('says clearly when the port is taken', async () => {
    const { host } = await boot();
    const core = Core.open({ libraryDir: tempDir(), mode: 'host' });
    await expect(startHost({ core, staticDir: rendererDir(), port: host.port })).rejects.toThrow(
      `Port ${host.port} on 127.0.0.1 is already in use`,
    );
    await core.close();
  });
});
