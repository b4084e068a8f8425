import { utilityProcess, type UtilityProcess } from 'electron';
import {
  WireClient,
  type OpInput,
  type OpName,
  type OpOutput,
  type Result,
  type ScholiumEvent,
} from '../contract/index.js';
import { compiledEntry } from '../../native/appPaths.js';

/**
 * The core runs in a utilityProcess; main only relays. If it dies, pending
 * calls fail with a clear error and a fresh core is started.
 */
export class CoreProcess {
  private child: UtilityProcess | null = null;
  private readonly calls: WireClient;

  constructor(
    private readonly libraryDir: string,
    onEvent: (event: ScholiumEvent) => void,
  ) {
    this.calls = new WireClient((message) => this.child?.postMessage(message), onEvent);
  }

  start(): void {
    const child = utilityProcess.fork(compiledEntry('electron/core/processEntry'), ['--library', this.libraryDir], {
      serviceName: 'Scholium core',
      stdio: 'inherit',
    });
    child.on('message', (data: unknown) => this.calls.receive(data));
    child.on('exit', (code) => {
      this.calls.failAll(`Scholium's core stopped unexpectedly (exit ${code}); it is being restarted. Try again.`);
      if (this.child === child) {
        this.child = null;
        this.start();
      }
    });
    this.child = child;
  }

  invoke<K extends OpName>(op: K, payload: OpInput<K>): Promise<Result<OpOutput<K>>> {
    if (this.child === null)
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Scholium’s core is not running.' } });
    return this.calls.invoke(op, payload);
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    child?.kill();
  }
}
