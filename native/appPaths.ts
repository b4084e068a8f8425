import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The application root (the folder holding Scholium's package.json), whether
 * code runs from TypeScript sources (tests), from dist/ or from app.asar.
 */
export function appRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'scholium') return (cachedRoot = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find Scholium’s package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The built renderer (vite build output). */
export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

/** The compiled JavaScript entry of a module given by its path under the app root, e.g. electron/core/processEntry. */
export function compiledEntry(modulePath: string): string {
  return path.join(appRoot(), 'dist', `${modulePath}.js`);
}
