import { fork, type ChildProcess } from 'node:child_process';
import { ScholiumError } from '../../../contract/index.js';
import { physicalCoreCount } from '../../platform/cpus.js';
import { siblingEntry } from '../../platform/entryPoint.js';
import type { RuntimeMessage, RuntimeRequests, RuntimeRequestType } from './protocol.js';

export interface RuntimeOptions {
  /** llama.cpp threads; default: the physical cores (more only slows it down). */
  threads?: number;
  gpu?: 'auto' | false;
  startTimeoutMs?: number;
  loadTimeoutMs?: number;
  /** How long a graceful stop may take before the process is killed. */
  stopTimeoutMs?: number;
}

export interface CrashReport {
  at: string;
  exitCode: number | null;
  signal: string | null;
  /** What the runtime was doing, in words ("loading gemma-3-270m"). */
  during: string;
  /** The last lines the process printed (llama.cpp prints its assertion there). */
  output: string;
  message: string;
}

interface Pending {
  type: RuntimeRequestType;
  during: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onToken?: (text: string) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  timeoutMs?: number;
  /** For error messages: what this request is doing. */
  during?: string;
}

const OUTPUT_TAIL = 2000;

function describeExit(code: number | null, signal: string | null): string {
  if (code === 134 || signal === 'SIGABRT') return 'llama.cpp aborted (exit code 134)';
  if (signal !== null) return `it was killed (${signal})`;
  return `exit code ${code}`;
}

/**
 * The core's handle on the model runtime process: starts it on first use,
 * matches replies to requests by id, streams tokens, enforces load and start
 * timeouts, and when the process dies fails what was pending with a report,
 * then starts a fresh process on the next request.
 */
export class ModelRuntime {
  readonly threads: number;
  private readonly gpu: 'auto' | false;
  private readonly startTimeoutMs: number;
  readonly loadTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private output = '';
  /** Why we are stopping the process ourselves; null while it is expected to live. */
  private stopping: string | null = null;
  private crashes = 0;
  lastCrash: CrashReport | null = null;
  restarts = 0;
  private readonly crashListeners = new Set<(report: CrashReport) => void>();
  private readonly exitListeners = new Set<() => void>();

  constructor(options: RuntimeOptions = {}) {
    const cores = physicalCoreCount();
    this.threads = Math.max(1, Math.min(options.threads ?? cores, cores));
    this.gpu = options.gpu ?? 'auto';
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 300_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get state(): 'stopped' | 'starting' | 'ready' {
    return this.child !== null ? 'ready' : this.starting !== null ? 'starting' : 'stopped';
  }

  onCrash(listener: (report: CrashReport) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Called whenever the process ends, expectedly or not: whatever it had loaded is gone. */
  onExit(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  private ensureStarted(): Promise<ChildProcess> {
    if (this.child !== null) return Promise.resolve(this.child);
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async start(): Promise<ChildProcess> {
    const entry = siblingEntry(import.meta.url, 'runtimeEntry');
    this.stopping = null;
    this.output = '';
    // Inside Electron (the core in a utilityProcess) execPath is Electron itself: run it as plain Node.
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m) => this.onMessage(m as RuntimeMessage));
    child.once('exit', (code, signal) => this.handleExit(child, code, signal));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new ScholiumError('MODEL_RUNTIME', `The model runtime did not start within ${this.startTimeoutMs / 1000} s.`),
        );
      }, this.startTimeoutMs);
      const ready = (m: unknown): void => {
        if ((m as RuntimeMessage).kind !== 'ready') return;
        clearTimeout(timer);
        child.off('message', ready);
        resolve();
      };
      child.on('message', ready);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new ScholiumError(
            'MODEL_RUNTIME',
            `The model runtime could not start (${describeExit(code, signal)}). ${this.output.trim()}`.trim(),
          ),
        );
      });
    });
    if (this.crashes > 0) this.restarts += 1;
    this.child = child;
    await this.send(
      child,
      'init',
      { threads: this.threads, gpu: this.gpu },
      { timeoutMs: this.startTimeoutMs, during: 'starting llama.cpp' },
    );
    return child;
  }

  private onMessage(message: RuntimeMessage): void {
    if (message.kind === 'ready') return;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if (message.kind === 'token') {
      pending.onToken?.(message.text);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new ScholiumError(message.error.code, message.error.message));
  }

  private handleExit(child: ChildProcess, code: number | null, signal: string | null): void {
    if (this.child === child) this.child = null;
    const expected = this.stopping;
    const during = [...this.pending.values()].map((p) => p.during).join(', ') || 'idle';
    let message: string;
    if (expected !== null) message = expected;
    else {
      this.crashes += 1;
      const output = this.output.trim().split('\n').slice(-3).join(' ').trim();
      message = `The model runtime stopped unexpectedly (${describeExit(code, signal)}) while ${during}. Scholium itself is fine; the runtime restarts on the next request.${output === '' ? '' : ` Last output: ${output}`}`;
      this.lastCrash = { at: new Date().toISOString(), exitCode: code, signal, during, output: this.output, message };
    }
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new ScholiumError('MODEL_RUNTIME', message));
    }
    for (const l of this.exitListeners) l();
    if (expected === null && this.lastCrash !== null) for (const l of this.crashListeners) l(this.lastCrash);
  }

  private send<K extends RuntimeRequestType>(
    child: ChildProcess,
    type: K,
    payload: RuntimeRequests[K]['req'],
    options: CallOptions = {},
  ): Promise<RuntimeRequests[K]['res']> {
    const id = this.nextId++;
    const during = options.during ?? type;
    return new Promise<RuntimeRequests[K]['res']>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        if (this.pending.has(id) && child.connected)
          child.send({ id: this.nextId++, type: 'abort', payload: { target: id } });
      };
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, {
        type,
        during,
        onToken: options.onToken,
        resolve: (v) => {
          done();
          resolve(v as RuntimeRequests[K]['res']);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      if (options.timeoutMs !== undefined) {
        // A stuck native call cannot be interrupted: the only way out is a fresh process.
        timer = setTimeout(() => {
          void this.kill(
            `The model runtime was stopped because ${during} took longer than ${Math.round(options.timeoutMs! / 1000)} s.`,
          );
        }, options.timeoutMs);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ id, type, payload });
      if (options.signal?.aborted === true) onAbort();
    });
  }

  /** Sends one request, starting the process first if needed. */
  async call<K extends RuntimeRequestType>(
    type: K,
    payload: RuntimeRequests[K]['req'],
    options: CallOptions = {},
  ): Promise<RuntimeRequests[K]['res']> {
    const child = await this.ensureStarted();
    return this.send(child, type, payload, options);
  }

  /** Ends the process at once (pending requests fail with `reason`). */
  async kill(reason: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.stopping = reason;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Graceful stop (models disposed), then SIGTERM, then SIGKILL. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (child === null) return;
    this.stopping = 'The model runtime was stopped.';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const within = (ms: number): Promise<boolean> =>
      Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    if (child.connected) this.send(child, 'shutdown', {}).catch(() => undefined);
    if (await within(this.stopTimeoutMs)) return;
    child.kill('SIGTERM');
    if (await within(1000)) return;
    child.kill('SIGKILL');
    await exited;
  }
}
