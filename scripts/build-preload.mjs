// Sandboxed preloads cannot load ES modules or most npm packages: bundle the
// preload (with the contract it imports) into one CommonJS file.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'dist/electron/preload/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  minify: true,
  logLevel: 'warning',
});
