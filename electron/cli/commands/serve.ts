import { acquireServeLock, openCore } from '../../core/index.js';
import { startHost } from '../../host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import { printValue, type OutputOptions } from '../output.js';

export interface ServeOptions extends OutputOptions {
  port?: number;
  host?: string;
}

/** Starts the core and the loopback host, prints the tokened URL, runs until a signal. */
export async function serveCommand(libraryDir: string, options: ServeOptions): Promise<void> {
  const core = await openCore({ libraryDir, mode: 'host' });
  let releaseLock: (() => void) | undefined;
  try {
    const host = await startHost({ core, staticDir: rendererDir(), host: options.host, port: options.port });
    try {
      releaseLock = acquireServeLock(libraryDir, `${new URL(host.url).origin}/`);
    } catch (error) {
      await host.close();
      throw error;
    }
    printValue(options, { url: host.url, port: host.port, host: host.host, libraryDir }, (v) =>
      [
        `Scholium is serving ${v.libraryDir}`,
        `Open ${v.url}`,
        v.host === '127.0.0.1'
          ? 'Only this computer can connect. Press Ctrl+C to stop.'
          : `Listening on ${v.host}: anyone who can reach it and has the URL's token can use this library. Press Ctrl+C to stop.`,
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await host.close();
  } finally {
    releaseLock?.();
    await core.close();
  }
}
