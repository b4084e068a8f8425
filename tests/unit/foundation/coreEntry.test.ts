import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';

const root = path.resolve(import.meta.dirname, '../../..');

// Records the package of every module that is resolved, from the loader thread, synchronously.
const RECORD_PACKAGES = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
  if (name !== null) appendFileSync(process.env.PACKAGES_LOG, name[1] + '\\n');
  return resolved;
}`;

/** The packages a fresh Node loads when it imports one of our modules (from sources, through tsx). */
function packagesLoadedBy(modulePath: string): Set<string> {
  const log = path.join(tempDir(), 'packages.log');
  fs.writeFileSync(log, '');
  const script = [
    `import { register } from 'node:module';`,
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RECORD_PACKAGES)}));`,
    `await import(${JSON.stringify(path.join(root, modulePath))});`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, PACKAGES_LOG: log },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return new Set(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean));
}

const HEAVY = ['better-sqlite3', 'sqlite-vec', 'node-llama-cpp', 'pdfjs-dist', 'tesseract.js', '@napi-rs/canvas'];

describe("the core's public entry", () => {
  it('loads no native module, model runtime or PDF reader: Electron main imports it for its helpers', () => {
    const loaded = packagesLoadedBy('electron/core/index.ts');
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('the composition root it opens on demand does load them (so the check above can fail)', () => {
    const loaded = packagesLoadedBy('electron/core/core.ts');
    expect(loaded.has('better-sqlite3')).toBe(true);
    expect(loaded.has('node-llama-cpp')).toBe(true);
  });
});
