import { fork } from 'node:child_process';
import { ScholiumError, type ErrorCode } from '../../../contract/index.js';
import { siblingEntry } from '../../platform/entryPoint.js';
import type { WeightPrecision } from '../../../contract/ops/models.js';

export interface ConversionRequest {
  dir: string;
  outFile: string;
  name: string;
  precision: WeightPrecision;
}

export type ConversionMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done' }
  | { kind: 'error'; code: ErrorCode; message: string };

/**
 * Converts a sentence-transformers folder to GGUF in a child process (off
 * the core's thread), reporting tensors done; a cancel kills the process.
 */
export function convertOffThread(
  request: ConversionRequest,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  options.signal?.throwIfAborted();
  const entry = siblingEntry(import.meta.url, 'conversionEntry');
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-1000);
  });
  return new Promise<void>((resolve, reject) => {
    let outcome: ConversionMessage | null = null;
    const onAbort = (): void => void child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (m: ConversionMessage) => {
      if (m.kind === 'progress') options.onProgress?.(m.done, m.total);
      else outcome = m;
    });
    child.once('exit', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted === true)
        reject(new ScholiumError('CANCELLED', 'The conversion was cancelled; nothing was added.'));
      else if (outcome?.kind === 'done') resolve();
      else if (outcome?.kind === 'error') reject(new ScholiumError(outcome.code, outcome.message));
      else
        reject(
          new ScholiumError(
            'INTERNAL',
            `The conversion process stopped (${signal ?? `exit code ${code}`}). ${stderr.trim()}`.trim(),
          ),
        );
    });
    child.send(request);
  });
}
