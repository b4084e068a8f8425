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
  /** Everything the host wrote to stdout and stderr, and how it ended (for a failing test's report). */
  log(): string;
}

/** Starts `scholium serve` on a fresh library, exactly as a user would, and waits for its URL. */
export async function startHost(libraryDir: string): Promise<ScholiumHost> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/scholium.js'), '--json', '--library', libraryDir, 'serve'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let ended = '';
  child.stdout?.on('data', (c: Buffer) => (out += String(c)));
  child.stderr?.on('data', (c: Buffer) => (out += String(c)));
  child.once('exit', (code, signal) => (ended = `\n[scholium serve exited: code ${code}, signal ${signal}]`));
  const banner = await new Promise<{ url: string }>((resolve, reject) => {
    child.stdout?.on('data', () => {
      try {
        resolve(JSON.parse(out.slice(0, out.lastIndexOf('}') + 1)) as { url: string });
      } catch {
        // wait for the rest
      }
    });
    child.once('exit', (code) => reject(new Error(`scholium serve exited ${code}: ${out}`)));
  });
  return { url: banner.url, origin: new URL(banner.url).origin, libraryDir, process: child, log: () => out + ended };
}

/** Stops the host as Ctrl+C would; one that does not stop within 20 s is killed and reported (a shutdown bug). */
export async function stopHost(host: ScholiumHost): Promise<void> {
  if (host.process.exitCode !== null || host.process.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => host.process.once('exit', () => resolve(true)));
  host.process.kill('SIGTERM');
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000).unref());
  if (await Promise.race([exited, timer])) return;
  host.process.kill('SIGKILL');
  await exited;
  throw new Error('scholium serve did not stop within 20 s of SIGTERM.');
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

export const test = base.extend<{ host: ScholiumHost }>({
  host: async ({}, use, testInfo) => {
    const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-e2e-'));
    const host = await startHost(libraryDir);
    await use(host);
    try {
      await stopHost(host);
    } finally {
      // Beside the failing test's other output: what the host said, and how it ended.
      if (testInfo.status !== testInfo.expectedStatus || host.process.signalCode === 'SIGKILL')
        fs.writeFileSync(testInfo.outputPath('scholium-serve.log'), host.log());
    }
    fs.rmSync(libraryDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
