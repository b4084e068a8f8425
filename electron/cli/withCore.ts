import { openCore, type Core } from '../core/index.js';
import { printValue, type OutputOptions } from './output.js';

export type Globals = () => { libraryDir: string; output: OutputOptions };

/** Opens the library's core for one command, prints what `run` returns (`human` for a terminal), then closes it. */
export async function withCore<T>(
  globals: Globals,
  run: (core: Core) => Promise<T>,
  human: (value: T) => string,
): Promise<void> {
  const { libraryDir, output } = globals();
  const core = await openCore({ libraryDir, mode: 'cli' });
  try {
    printValue(output, await run(core), human);
  } finally {
    await core.close();
  }
}
