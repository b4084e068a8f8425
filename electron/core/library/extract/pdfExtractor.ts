import { ExtractionPool, type ExtractionPoolOptions } from './extractionPool.js';
import type { DocumentExtractor } from './extractor.js';

/** The PDF extractor the app uses: the worker-thread pool of library/extract. */
export function pdfExtractor(options: ExtractionPoolOptions = {}): DocumentExtractor {
  return new ExtractionPool(options);
}
