import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from './appPaths.js';

/**
 * The Electron executable npm installed, or null when it is absent.
 * Deliberately not `require('electron')`: that downloads the binary on first
 * use, and Scholium starts no network request the user did not ask for.
 * Honours ELECTRON_OVERRIDE_DIST_PATH the way Electron's own lookup does.
 */
export function installedElectronBinary(): string | null {
  const packageDir = path.join(appRoot(), 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary =
    override !== undefined && override !== ''
      ? path.join(override, relative === '' ? 'electron' : relative)
      : relative === ''
        ? null
        : path.join(packageDir, 'dist', relative);
  return binary !== null && fs.existsSync(binary) ? binary : null;
}

/** Why the desktop window cannot open here, and what works instead: one paragraph. */
export const NO_ELECTRON_MESSAGE =
  'Scholium cannot start its desktop window here: the Electron binary is not installed, and npm install does not download it ' +
  '(see "allowScripts" in package.json; on a machine with internet access, `npm install-scripts approve electron && npm rebuild electron` fetches it). ' +
  'Everything else works without it: run `npm run serve` to use Scholium in your browser at a private 127.0.0.1 address, ' +
  'or `npx scholium --help` for the command line.';
