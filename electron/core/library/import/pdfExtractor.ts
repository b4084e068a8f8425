import type { DocumentExtractor } from './extractor.js';

/** The PDF extractor the app uses: the worker-thread pool of library/extract (wired in when it lands). */
export function pdfExtractor(): DocumentExtractor {
  throw new Error('PDF extraction is not part of this build yet');
}
