import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EntryPoint {
  /** Absolute path of the script to run in a worker thread or child process. */
  file: string;
  /** Node flags it needs: a TypeScript loader when we run from sources (tests). */
  execArgv: string[];
}

/**
 * Locates a sibling module to run off the main thread. From compiled code it is
 * the .js beside the caller; from TypeScript sources (vitest) it is the .ts,
 * run through tsx, so tests exercise the very same worker code.
 */
export function siblingEntry(callerUrl: string, name: string): EntryPoint {
  const caller = fileURLToPath(callerUrl);
  const fromSource = caller.endsWith('.ts');
  const file = path.join(path.dirname(caller), `${name}${fromSource ? '.ts' : '.js'}`);
  return { file, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}
