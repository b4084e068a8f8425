import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const screenshots = path.join(root, 'tests/e2e/screenshots');

export interface ScholiumHost {
  url: string;
  origin: string;
  libraryDir: string;
  process: ChildProcess;
}

/** Starts `scholium serve` on a fresh library, exactly as a user would, and waits for its URL. */
export async function startHost(libraryDir: string): Promise<ScholiumHost> {
  const child = spawn(process.execPath, [path.join(root, 'bin/scholium.js'), '--json', '--library', libraryDir, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const banner = await new Promise<{ url: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += String(c);
      try {
        resolve(JSON.parse(out) as { url: string });
      } catch {
        // wait for the rest
      }
    });
    child.stderr?.on('data', (c: Buffer) => (err += String(c)));
    child.once('exit', (code) => reject(new Error(`scholium serve exited ${code}: ${out}${err}`)));
  });
  return { url: banner.url, origin: new URL(banner.url).origin, libraryDir, process: child };
}

export async function stopHost(host: ScholiumHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  host.process.kill('SIGTERM');
  await new Promise((resolve) => host.process.once('exit', resolve));
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

export const test = base.extend<{ host: ScholiumHost }>({
  host: async ({}, use) => {
    const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-e2e-'));
    const host = await startHost(libraryDir);
    await use(host);
    await stopHost(host);
    fs.rmSync(libraryDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
