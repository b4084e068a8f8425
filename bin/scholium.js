#!/usr/bin/env node
// The scholium command runs the compiled CLI (npm install builds it via "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/electron/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(
    'scholium: the CLI is not built yet. Run `npm run build` in the Scholium folder, then try again.\n',
  );
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
