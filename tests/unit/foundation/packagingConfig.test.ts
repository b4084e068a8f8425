import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The schema check can fail: an unknown key is refused.
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow(
      /asarUnpak/,
    );
  });

  it('unpacks every native binary from the asar and has its hook and icon', () => {
    const text = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const pattern of ['**/*.node', 'sqlite-vec-*', '@node-llama-cpp']) expect(text).toContain(pattern);
    expect(fs.existsSync(path.join(root, 'native/electron-builder-before-build.cjs'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'resources/icon.png'))).toBe(true);
  });
});
