import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { installedElectronBinary } from '../../native/electronBinary.js';
import { saveScreenshot } from './fixtures.js';

/**
 * The desktop shell itself: the same UI in Electron's window, with the
 * security settings the shell promises checked from inside the running app.
 * Where npm installed no Electron binary (it never downloads one, see
 * README), the spec is skipped with that reason; everything behind the shell
 * is covered by the host specs.
 */
const root = path.resolve(import.meta.dirname, '../..');
const binary = installedElectronBinary();

test.describe('Electron shell', () => {
  // eslint-disable-next-line no-restricted-properties -- Playwright's conditional skip, which carries its reason
  test.skip(
    binary === null,
    'No Electron binary is installed (npm install does not download it); the browser-host specs cover the same UI and core.',
  );

  let app: ElectronApplication;
  let page: Page;
  let libraryDir: string;

  test.beforeAll(async () => {
    libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-electron-'));
    app = await electron.launch({ executablePath: binary!, args: [root, `--library=${libraryDir}`], cwd: root });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  });

  test('opens the app on its own scheme, talking to the core through window.scholium only', async () => {
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(new URL(page.url()).protocol).toBe('scholium:');
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { scholium: object }).scholium).sort(),
    }));
    // No Node in the page; and contextBridge only exposes window.scholium when context isolation is on.
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'onEvent'] });
    const info = await page.evaluate(() =>
      (window as unknown as { scholium: { invoke(op: string, p: unknown): Promise<unknown> } }).scholium.invoke(
        'app.info',
        {},
      ),
    );
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron', libraryDir } });
    const unknown = await page.evaluate(() =>
      (window as unknown as { scholium: { invoke(op: string, p: unknown): Promise<unknown> } }).scholium.invoke(
        'fs.read',
        {},
      ),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    await saveScreenshot(page, 'electron-library');
  });

  test('serves pages with the strict CSP and papers only by id, never by path', async () => {
    const responses = await page.evaluate(async () => {
      const index = await fetch('scholium://app/index.html');
      const byId = await fetch('scholium://library/papers/no-such-paper.pdf');
      const byPath = await fetch('scholium://library/..%2F..%2Fetc%2Fpasswd');
      return { csp: index.headers.get('content-security-policy'), byId: byId.status, byPath: byPath.status };
    });
    expect(responses.csp).toContain("default-src 'self'");
    expect(responses.byId).toBe(404);
    expect(responses.byPath).toBe(404);
  });

  test('refuses navigation away from the app and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
