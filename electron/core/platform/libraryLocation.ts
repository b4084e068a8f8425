import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScholiumError } from '../../contract/index.js';

export const PRODUCT_NAME = 'Scholium';

/**
 * The folder Electron's app.getPath('userData') gives for productName
 * "Scholium", computed without Electron so the CLI, the host and the app
 * share one library by default.
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** --library beats SCHOLIUM_HOME beats the per-user data folder's "library". */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.SCHOLIUM_HOME;
  if (chosen !== undefined && chosen !== '') return path.resolve(chosen);
  return path.join(defaultUserDataDir(env), 'library');
}

/**
 * The library a command opens. A folder named by --library or SCHOLIUM_HOME must exist, so a mistyped path is refused
 * rather than silently made into a new, empty library; `create` (the CLI's --create) makes it. The per-user default is
 * created on first use, as the app's first run needs.
 */
export function libraryDirToOpen(
  flag: string | undefined,
  options: { create: boolean },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = resolveLibraryDir(flag, env);
  const chosen = (flag ?? env.SCHOLIUM_HOME ?? '') !== '';
  if (chosen && !options.create && !fs.existsSync(dir))
    throw new ScholiumError(
      'NOT_FOUND',
      `There is no library at ${dir}. Check the path, or add --create to start a new library there.`,
    );
  return dir;
}
