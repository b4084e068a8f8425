/**
 * The core as its own process: Electron's main starts this file in a
 * utilityProcess (messages over process.parentPort); anything else may fork it
 * as a child process (messages over process.send). Either way it speaks the
 * wire protocol of the contract and never imports electron.
 */
import { describeZodError, InvokeMessageSchema, type ServerMessage } from '../contract/index.js';
import { resolveLibraryDir } from './platform/libraryLocation.js';
import { toApiError } from './dispatch.js';
import { Core } from './core.js';
import { installNetworkGuard } from './platform/networkGuard.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

installNetworkGuard();
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(
  message:
    ServerMessage | { kind: 'ready'; libraryDir: string } | { kind: 'fatal'; error: ReturnType<typeof toApiError> },
): void {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (data: unknown) => void): void {
  if (parentPort !== undefined) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

const libraryFlag = process.argv.indexOf('--library');
const libraryDir = resolveLibraryDir(libraryFlag === -1 ? undefined : process.argv[libraryFlag + 1]);

let core: Core;
try {
  core = Core.open({ libraryDir, mode: parentPort !== undefined ? 'electron' : 'host' });
} catch (error) {
  post({ kind: 'fatal', error: toApiError(error) });
  process.exit(1);
}

core.onBroadcast((event) => post({ kind: 'event', event }));
onMessage((data) => {
  const parsed = InvokeMessageSchema.safeParse(data);
  if (!parsed.success) {
    post({
      kind: 'protocol-error',
      error: { code: 'INVALID_REQUEST', message: `Malformed message: ${describeZodError(parsed.error)}` },
    });
    return;
  }
  const { id, op, payload } = parsed.data;
  void core
    .invokeRaw(op, payload, { emit: (event) => post({ kind: 'event', event }) })
    .then((result) => post({ kind: 'result', id, result }));
});
const stop = (): void => {
  void core.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
post({ kind: 'ready', libraryDir });
