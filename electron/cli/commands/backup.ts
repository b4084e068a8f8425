import path from 'node:path';
import type { Command } from 'commander';
import { openCore, restoreLibrary } from '../../core/index.js';
import { formatBytes, printValue, type OutputOptions } from '../output.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

export function registerBackupCommands(program: Command, globals: Globals): void {
  program
    .command('backup [file]')
    .description('write a consistent copy of the library database (safe while Scholium runs)')
    .action(async (file?: string) => {
      const { libraryDir, output } = globals();
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        const result = await core.backup(file === undefined ? undefined : path.resolve(file));
        printValue(output, result, (r) => `Backed up the library to ${r.file} (${formatBytes(r.bytes)}).`);
      } finally {
        await core.close();
      }
    });

  program
    .command('restore <file>')
    .description('replace the library database with a backup (the current one is kept beside it)')
    .action(async (file: string) => {
      const { libraryDir, output } = globals();
      const result = await restoreLibrary(libraryDir, path.resolve(file));
      printValue(
        output,
        result,
        (r) =>
          `Restored ${r.restored}.${r.previous === null ? '' : ` The previous database is kept as ${r.previous}.`}`,
      );
    });
}
