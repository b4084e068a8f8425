import type { OpInput, OpName, OpOutput } from './operations.js';
import type { Result } from './result.js';
import type { ScholiumEvent } from './events.js';

/**
 * What a client of the core can do, whatever carries it (preload bridge,
 * WebSocket, in-process). The renderer codes against this alone.
 */
export interface ScholiumApi {
  invoke<K extends OpName>(op: K, payload: OpInput<K>): Promise<Result<OpOutput<K>>>;
  /** Returns the function that unsubscribes. */
  onEvent(listener: (event: ScholiumEvent) => void): () => void;
}
