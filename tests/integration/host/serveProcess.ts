import { TOKEN_PARAM } from '../../../electron/contract/index.js';
import { startCli, type CliRun } from '../library/cliProcess.js';

export interface ServeProcess {
  run: CliRun;
  port: number;
  token: string;
  url: string;
  /** Whether the process has ended (it must not, whatever a client sends). */
  exited(): boolean;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `scholium --json serve` from the sources in its own process and resolves once its banner is printed. */
export async function startServe(libraryDir: string, extra: string[] = []): Promise<ServeProcess> {
  const run = startCli(libraryDir, ['--json', 'serve', ...extra]);
  let out = '';
  let err = '';
  let exitCode: number | null | undefined;
  run.child.stderr!.on('data', (c: Buffer) => (err += String(c)));
  void run.done.then((r) => (exitCode = r.code ?? -1));
  const banner = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    run.child.stdout!.on('data', (c: Buffer) => {
      out += String(c);
      try {
        resolve(JSON.parse(out) as { url: string; port: number });
      } catch {
        // not complete yet
      }
    });
    void run.done.then((r) => reject(new Error(`serve exited ${r.code}: ${out}${err}`)));
  });
  return {
    run,
    port: banner.port,
    url: banner.url,
    token: new URL(banner.url).searchParams.get(TOKEN_PARAM)!,
    exited: () => exitCode !== undefined,
    output: () => `${out}${err}`,
    stop: async () => {
      if (exitCode === undefined) run.child.kill('SIGTERM');
      await run.done;
    },
  };
}
