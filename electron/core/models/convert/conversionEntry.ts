/**
 * A sentence-transformers conversion in its own process: reading and
 * rewriting a few hundred MB of weights is synchronous work that would
 * otherwise stall the core. Reports per-tensor progress to the parent.
 */
import { ScholiumError } from '../../../contract/index.js';
import { convertSentenceTransformers } from './sentenceTransformers.js';
import type { ConversionMessage, ConversionRequest } from './conversionProcess.js';

/** The last message closes the channel once it is sent, so the process ends by itself. */
function post(message: ConversionMessage, last = false): void {
  process.send?.(message, undefined, undefined, () => {
    if (last) process.disconnect();
  });
}

process.once('message', (data: unknown) => {
  const { dir, outFile, name, precision } = data as ConversionRequest;
  try {
    convertSentenceTransformers(dir, outFile, {
      name,
      precision,
      onTensor: (done, total) => post({ kind: 'progress', done, total }),
    });
    post({ kind: 'done' }, true);
  } catch (error) {
    post(
      {
        kind: 'error',
        code: error instanceof ScholiumError ? error.code : 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      },
      true,
    );
  }
});
