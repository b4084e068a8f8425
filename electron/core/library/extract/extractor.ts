import type { ExtractedDocument, ExtractionProgress } from '../types.js';

/**
 * What the import needs from PDF extraction: the worker-thread pool
 * (extractionPool.ts) implements it; tests may hand in documents they built.
 * Rejects with ExtractionError for a file it cannot read.
 */
export interface DocumentExtractor {
  extract(
    file: string,
    options: { signal?: AbortSignal; onProgress?: (progress: ExtractionProgress) => void },
  ): Promise<ExtractedDocument>;
  /** How many files it works on at once (its worker count). */
  readonly concurrency?: number;
  close(): Promise<void>;
}
