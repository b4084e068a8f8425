import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { startServe, type ServeProcess } from './serveProcess.js';

const running: ServeProcess[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.stop();
});

function statusOf(url: URL, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, host === undefined ? {} : { headers: { Host: host } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('scholium serve --host 0.0.0.0', () => {
  it('prints a URL on one of this machine’s addresses that answers, and still refuses foreign host names', async () => {
    const serve = await startServe(tempDir(), ['--host', '0.0.0.0']);
    running.push(serve);
    const url = new URL(serve.url);
    expect(url.hostname).not.toBe('0.0.0.0');
    // 503 where the renderer is not built: the page was served, not refused as misdirected (421).
    expect([200, 503]).toContain(await statusOf(url));
    expect(await statusOf(url, 'rebound.example:80')).toBe(421);
  });
});
