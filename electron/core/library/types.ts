import type { ItemType, MetadataField } from '../../contract/ops/library.js';

/**
 * The hand-over between PDF extraction (worker threads) and the library store.
 * Coordinates are PDF points with the origin at the page's top-left corner
 * (y grows downwards), so the reader can draw highlights without flipping.
 */

export type SectionKind = 'front' | 'abstract' | 'body' | 'caption' | 'references' | 'appendix';

export interface Box {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ExtractedPage {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  /** Clean page text in reading order (headers/footers removed, de-hyphenated, NFKC). */
  text: string;
  /** True when the text came from OCR because the page had no text layer. */
  ocr: boolean;
  /** An OCR page's words where they lie, line by line: the Reader's text layer for a page that has none. */
  ocrLines?: OcrTextLine[];
}

/** A line OCR read: its top and bottom and each word's left and right edge, PDF points from the top-left corner. */
export interface OcrTextLine {
  top: number;
  bottom: number;
  words: { x0: number; x1: number; text: string }[];
}

/** A character range of one page's `text`. */
export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

export interface ExtractedPassage {
  /** Heading of the section the passage belongs to ("Abstract", "3.2 Results", "References"...). */
  section: string;
  kind: SectionKind;
  text: string;
  /** Where the text lies in the pages' `text`, in order (a passage may cross a page break). */
  spans: PageSpan[];
  /** Rectangles covering the passage's text lines, for highlighting. */
  boxes: Box[];
  ocr: boolean;
}

export interface ExtractedMetadata {
  title: string | null;
  authors: string[];
  year: number | null;
  /** The journal, proceedings or series the paper appeared in, as its first page prints it. */
  venue: string | null;
  itemType: ItemType | null;
  doi: string | null;
  abstract: string | null;
  /** Where each field came from, e.g. { title: 'layout', year: 'xmp' }. */
  sources: Partial<Record<MetadataField, 'layout' | 'info' | 'xmp' | 'text'>>;
}

/** Metadata with no field known yet: what each extractor starts from. */
export function noMetadata(): ExtractedMetadata {
  return { title: null, authors: [], year: null, venue: null, itemType: null, doi: null, abstract: null, sources: {} };
}

export interface ExtractedDocument {
  pageCount: number;
  pages: ExtractedPage[];
  passages: ExtractedPassage[];
  metadata: ExtractedMetadata;
  /** Non-fatal problems worth showing in the import report (e.g. "page 3: OCR confidence 41%"). */
  warnings: string[];
}

export interface ChunkingOptions {
  /** Target passage size in words (default 200–350). */
  minWords: number;
  maxWords: number;
  /** Words repeated at the start of the next passage of the same section. */
  overlapWords: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { minWords: 200, maxWords: 350, overlapWords: 30 };

/** What reading a file's pages has cost so far: the time behind a job's pages/s and its time remaining. */
export interface PageCosts {
  /** Pages read from their text layer, and the worker's time on them (text, layout), in ms. */
  textPages: number;
  textMs: number;
  /** Scanned pages OCR has started on, and read. */
  ocrStarted: number;
  ocrPages: number;
  /** Wall time during which OCR was reading any of this file's pages, in ms. */
  ocrMs: number;
}

export interface ExtractionProgress {
  /** 'ocr': a scanned page goes to OCR; 'recognized': OCR has read one. */
  stage: 'open' | 'text' | 'ocr' | 'recognized' | 'structure';
  page: number;
  pages: number;
  read?: PageCosts;
}

/**
 * Why a file could not be extracted; the import reports it by file and goes on.
 * `code` is stable for tests and the UI; `message` is written for the user.
 */
export type ExtractionFailureCode =
  'ENCRYPTED' | 'CORRUPT' | 'NOT_PDF' | 'EMPTY' | 'UNREADABLE' | 'MISSING' | 'TIMEOUT' | 'TOO_LARGE' | 'CANCELLED';

export class ExtractionError extends Error {
  constructor(
    readonly code: ExtractionFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
