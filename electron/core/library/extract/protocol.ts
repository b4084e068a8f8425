import type {
  ChunkingOptions,
  ExtractedDocument,
  ExtractedPage,
  ExtractedPassage,
  ExtractionFailureCode,
  ExtractionProgress,
} from '../types.js';

/** What the pool tells an extraction worker. */
export interface ExtractRequest {
  type: 'extract';
  id: number;
  file: string;
  chunking: ChunkingOptions;
  maxBytes: number;
  ocrPages: number;
  ocrTimeMs: number;
  /** The native `tesseract` to read scans with when installed; null: tesseract.js only. */
  tesseract: string | null;
}

/** What an extraction worker answers. */
export type WorkerMessage =
  | { type: 'progress'; id: number; progress: ExtractionProgress }
  /** Pages and passages as they are built; 'done' then brings the rest of the document (metadata, warnings). */
  | { type: 'part'; id: number; pages: ExtractedPage[]; passages: ExtractedPassage[] }
  | { type: 'done'; id: number; document: ExtractedDocument }
  | { type: 'failed'; id: number; code: ExtractionFailureCode; message: string };
