import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_PATH, TOKEN_PARAM } from '../../../electron/contract/index.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { startServe, type ServeProcess } from './serveProcess.js';

// A real `scholium serve` process: one hostile request or frame must cost that request or that socket, never the
// server.

const running: ServeProcess[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.stop();
});

async function serve(): Promise<ServeProcess> {
  const s = await startServe(tempDir());
  running.push(s);
  return s;
}

function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function openApi(s: ServeProcess): Promise<WebSocket> {
  const url = new URL(API_PATH, `ws://127.0.0.1:${s.port}`);
  url.searchParams.set(TOKEN_PARAM, s.token);
  const ws = new WebSocket(url, { headers: { Origin: `http://127.0.0.1:${s.port}` } });
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

/** The host still answers: a page over HTTP and an API call over a fresh WebSocket. */
async function stillServes(s: ServeProcess): Promise<void> {
  expect(s.exited(), s.output()).toBe(false);
  // 503 where the renderer is not built: an answer all the same.
  expect([200, 503]).toContain(await rawGet(s.port, '/'));
  const ws = await openApi(s);
  const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
  ws.send(JSON.stringify({ kind: 'invoke', id: 1, op: 'app.info', payload: {} }));
  expect(JSON.parse(await reply)).toMatchObject({ kind: 'result', id: 1, result: { ok: true } });
  ws.close();
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('a serving host under hostile requests', () => {
  it('answers a malformed percent-encoded path without a token with 400 and keeps serving', async () => {
    const s = await serve();
    expect(await rawGet(s.port, '/%FF')).toBe(400);
    await stillServes(s);
  });

  it('closes the socket of a text frame that is not UTF-8 and keeps serving', async () => {
    const s = await serve();
    const ws = await openApi(s);
    const closed = closeCode(ws);
    ws.send(Buffer.from([0xff, 0xfe, 0x7b]), { binary: false });
    expect(await closed).toBe(1007);
    await stillServes(s);
  });

  it('closes the socket of a message over 16 MiB and keeps serving', async () => {
    const s = await serve();
    const ws = await openApi(s);
    ws.on('error', () => undefined);
    const closed = closeCode(ws);
    ws.send('x'.repeat(16 * 1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    await stillServes(s);
  });
});
