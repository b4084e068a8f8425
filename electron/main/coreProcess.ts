import { utilityProcess, type UtilityProcess } from 'electron';
import { ServerMessageSchema, type Result, type ScholiumEvent } from '../contract/index.js';
import { compiledEntry } from '../../native/appPaths.js';

/**
 * The core runs in a utilityProcess; main only relays. If it dies, pending
 * calls fail with a clear error and a fresh core is started.
 */
export class CoreProcess {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();

  constructor(
    private readonly libraryDir: string,
    private readonly onEvent: (event: ScholiumEvent) => void,
  ) {}

  start(): void {
    const child = utilityProcess.fork(compiledEntry('electron/core/processEntry'), ['--library', this.libraryDir], {
      serviceName: 'Scholium core',
      stdio: 'inherit',
    });
    child.on('message', (data: unknown) => {
      const parsed = ServerMessageSchema.safeParse(data);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'event') this.onEvent(message.event);
      else if (message.kind === 'result') {
        this.pending.get(message.id)?.(message.result as Result<unknown>);
        this.pending.delete(message.id);
      }
    });
    child.on('exit', (code) => {
      for (const resolve of this.pending.values()) {
        resolve({
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Scholium's core stopped unexpectedly (exit ${code}); it is being restarted. Try again.`,
          },
        });
      }
      this.pending.clear();
      if (this.child === child) {
        this.child = null;
        this.start();
      }
    });
    this.child = child;
  }

  invoke(op: string, payload: unknown): Promise<Result<unknown>> {
    const child = this.child;
    if (child === null)
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Scholium’s core is not running.' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      child.postMessage({ kind: 'invoke', id, op, payload });
    });
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    child?.kill();
  }
}
