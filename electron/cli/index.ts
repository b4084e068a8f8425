import { Command, InvalidArgumentError } from 'commander';
import { appVersion, installNetworkGuard, libraryDirToOpen } from '../core/index.js';
import { registerAskCommands } from './commands/ask.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerEvaluationCommands } from './commands/evaluation.js';
import { registerModelCommands } from './commands/models.js';
import { registerImportCommand } from './commands/import.js';
import { registerMetadataCommands } from './commands/metadata.js';
import { registerPapersCommand } from './commands/papers.js';
import { registerRemoveCommand } from './commands/remove.js';
import { doctorCommand } from './commands/doctor.js';
import { serveCommand } from './commands/serve.js';
import { versionCommand } from './commands/version.js';
import { errorOf, printError, type OutputOptions } from './output.js';

interface GlobalOptions {
  library?: string;
  create?: boolean;
  json?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  return port;
}

export function buildProgram(): Command {
  const program = new Command('scholium')
    .description('Offline research assistant: ask your PDF library, get answers that cite the exact passage.')
    .version(appVersion(), '-V, --version', 'print the version number')
    .option('--library <dir>', 'library folder (default: $SCHOLIUM_HOME, else the app’s per-user data folder)')
    .option('--create', 'start a new library in the --library (or $SCHOLIUM_HOME) folder if there is none')
    .option('--json', 'machine-readable JSON output')
    .showHelpAfterError();

  const globals = (): { libraryDir: string; output: OutputOptions } => {
    const opts = program.opts<GlobalOptions>();
    return {
      // Checked only by the commands that open the library: `version` works whatever --library says.
      get libraryDir() {
        return libraryDirToOpen(opts.library, { create: opts.create === true });
      },
      output: { json: opts.json === true },
    };
  };

  program
    .command('version')
    .description('print the version of Scholium and Node')
    .action(() => versionCommand(globals().output));

  program
    .command('doctor')
    .description('check native modules, sqlite-vec, the llama.cpp backend, GPU and the library folder')
    .action(async () => {
      const { libraryDir, output } = globals();
      await doctorCommand(libraryDir, output);
    });

  program
    .command('serve')
    .description('serve the app to a browser on this computer (loopback only unless --host is given)')
    .option('--port <port>', 'port to listen on (default: a free one)', parsePort)
    .option('--host <address>', 'address to bind; anything but 127.0.0.1 exposes the library to your network')
    .action(async (cmd: { port?: number; host?: string }) => {
      const { libraryDir, output } = globals();
      await serveCommand(libraryDir, { ...output, port: cmd.port, host: cmd.host });
    });

  registerBackupCommands(program, globals);
  registerModelCommands(program, globals);
  registerImportCommand(program, globals);
  registerPapersCommand(program, globals);
  registerRemoveCommand(program, globals);
  registerMetadataCommands(program, globals);
  registerAskCommands(program, globals);
  registerEvaluationCommands(program, globals);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  installNetworkGuard();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    printError({ json: program.opts<GlobalOptions>().json === true }, errorOf(error));
  }
}
