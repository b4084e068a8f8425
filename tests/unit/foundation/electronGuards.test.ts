import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The Electron runtime is the true boundary here (no Electron binary in
 * Node tests): a stand-in records what the shell registers, and the tests
 * drive the registered guards the way Electron would.
 */
const electron = vi.hoisted(() => {
  const state = {
    appEvents: null as unknown as EventEmitter,
    openedExternally: [] as string[],
    permissionRequest: null as
      null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), { whenReady: () => Promise.resolve() });
  electron.appEvents = app;
  return {
    app,
    shell: { openExternal: (url: string) => (electron.openedExternally.push(url), Promise.resolve()) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof electron.permissionRequest) => (electron.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof electron.permissionCheck) => (electron.permissionCheck = h),
      },
    },
    protocol: {
      handle: (_scheme: string, h: typeof electron.protocolHandler) => (electron.protocolHandler = h),
      registerSchemesAsPrivileged: () => undefined,
    },
  };
});

const { installSecurityGuards } = await import('../../../electron/main/security.js');
const { handleAppProtocol } = await import('../../../electron/main/protocol.js');

/** A web contents as the guards see it: events to veto and a window-open handler. */
class FakeContents extends EventEmitter {
  windowOpen: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpen = h;
  }
  /** Emits an Electron event and says whether a guard vetoed it. */
  vetoed(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

describe('Electron shell guards', () => {
  const contents = new FakeContents();
  beforeAll(async () => {
    installSecurityGuards();
    electron.appEvents.emit('web-contents-created', {}, contents);
    await Promise.resolve();
  });

  it('keeps the window on our own pages: navigation and redirects elsewhere are vetoed', () => {
    expect(contents.vetoed('will-navigate', 'scholium://app/index.html#/ask')).toBe(false);
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:window.__pwned=1',
      'scholium://library/papers/a.pdf',
    ]) {
      expect(contents.vetoed('will-navigate', url), url).toBe(true);
      expect(contents.vetoed('will-redirect', url), url).toBe(true);
    }
    expect(contents.vetoed('will-attach-webview')).toBe(true);
  });

  it('never opens a window; only web and mail links go to the system browser', () => {
    const urls = [
      'https://doi.org/10.1/x',
      'javascript:window.__pwned=1',
      'file:///etc/passwd',
      'scholium://app/index.html',
      'mailto:a@b.c',
    ];
    for (const url of urls) expect(contents.windowOpen!({ url }).action, url).toBe('deny');
    expect(electron.openedExternally).toEqual(['https://doi.org/10.1/x', 'mailto:a@b.c']);
  });

  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      electron.permissionRequest!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(electron.permissionCheck!({}, 'media', 'scholium://app', {})).toBe(false);
  });
});

describe('scholium:// protocol handler', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-protocol-'));
  const pdf = path.join(dir, 'paper.pdf');
  const get = (url: string) => electron.protocolHandler!(new Request(url));
  beforeAll(() => {
    fs.writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
    handleAppProtocol(async (id) => (id === 'known' ? { file: pdf } : { problem: `No paper ${id} in this library.` }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves a recorded paper by id, with the CSP and only our page allowed to read it', async () => {
    const response = await get('scholium://library/papers/known.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('scholium://app');
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('%PDF-1.4');
  });

  it('refuses paths out of the renderer folder, other hosts and other address shapes', async () => {
    expect((await get('scholium://app/..%2F..%2Fpackage.json')).status).toBe(403);
    expect((await get('scholium://app/%2Fetc%2Fpasswd')).status).toBe(404); // read as etc/passwd inside the renderer folder
    expect((await get('scholium://app/no-such-file.js')).status).toBe(404);
    expect((await get('scholium://evil/index.html')).status).toBe(403);
    expect((await get('scholium://library/papers/..%2F..%2Fetc%2Fpasswd.pdf')).status).toBe(404);
    const unknown = await get('scholium://library/papers/other.pdf');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('No paper other in this library.');
    expect((await get('scholium://library/home/user/paper.pdf')).status).toBe(404);
  });
});
