import type { Command } from 'commander';
import { ScholiumError } from '../../contract/index.js';
import { openCore } from '../../core/index.js';
import { printValue, unwrap, type OutputOptions } from '../output.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

export function registerRemoveCommand(program: Command, globals: Globals): void {
  program
    .command('remove <paperIds...>')
    .description('remove papers (with their passages and vectors) from the library; their files stay on disk')
    .action(async (paperIds: string[]) => {
      const { libraryDir, output } = globals();
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        const removed: string[] = [];
        const missing: string[] = [];
        for (const paperId of paperIds)
          (unwrap(await core.invoke('library.remove', { paperId })).removed ? removed : missing).push(paperId);
        if (missing.length > 0)
          throw new ScholiumError(
            'NOT_FOUND',
            `No paper with id ${missing.join(', ')} in the library${removed.length > 0 ? ` (removed ${removed.join(', ')})` : ''}.`,
          );
        printValue(
          output,
          { removed },
          (r) => `Removed ${r.removed.length} ${r.removed.length === 1 ? 'paper' : 'papers'}.`,
        );
      } finally {
        await core.close();
      }
    });
}
