/**
 * What the library needs from an embedding model, whatever runs it. The
 * model service implements it; the library's embedding stage consumes it.
 */
export interface Embedder {
  /** Stable id of the model (registry id), recorded with every stored vector. */
  readonly modelId: string;
  /** Vector length. */
  readonly dimension: number;
  /** One L2-normalised vector per text, in order. Rejects with CANCELLED when the signal aborts. */
  embed(texts: string[], options?: { signal?: AbortSignal; kind?: 'query' | 'passage' }): Promise<Float32Array[]>;
}
