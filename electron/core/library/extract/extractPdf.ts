import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ChunkingOptions, ExtractedDocument, ExtractedPage, ExtractionProgress, OcrTextLine } from '../types.js';
import { ExtractionError } from '../types.js';
import { pdfAssets } from './assets.js';
import { pdfFailure, readPdfBytes } from './fileChecks.js';
import { layoutPage, UNREADABLE, type Line } from './layout.js';
import { documentMetadata, type EmbeddedMetadata } from './pdfMetadata.js';
import { wordShare, type PageRecognizer } from './ocr.js';
import { textLayerLines } from './ocrLines.js';
import { composePage, documentSpellings, type PageLine } from './pageText.js';
import { sectionPassages } from './passages.js';
import { pdfItems, sidewaysText } from './pdfItems.js';
import { removeRunningLines } from './runningLines.js';
import { findSections } from './structure.js';

export interface PdfExtractionOptions {
  chunking: ChunkingOptions;
  maxBytes: number;
  /**
   * Pages per file that may be recognised by OCR (a long scan beyond it keeps empty pages, with a warning); 0: no OCR.
   */
  ocrPages: number;
  /** OCR time per file in ms: once spent, later scanned pages are kept empty, with a warning. */
  ocrTimeMs: number;
  recognizer: PageRecognizer | null;
  signal?: AbortSignal;
  onProgress?: (progress: ExtractionProgress) => void;
}

/** An OCR page with a smaller share of word-like tokens is noise, not text. */
const MIN_WORD_SHARE = 0.5;
/** A page with fewer visible characters than this in its text layer is treated as a scan. */
const MIN_TEXT_LAYER = 20;
/** pdf.js caches fonts and images per document; dropping them every so many pages keeps huge files bounded. */
const CACHE_PAGES = 50;

interface LaidOutPage {
  page: number;
  width: number;
  height: number;
  ocr: boolean;
  lines: Line[];
  /** The words OCR read, where they lie (OCR pages only). */
  ocrLines?: OcrTextLine[];
}

async function openPdf(file: string, options: PdfExtractionOptions): Promise<PDFDocumentProxy> {
  const data = await readPdfBytes(file, options.maxBytes);
  try {
    return await getDocument({
      data,
      ...pdfAssets,
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
    }).promise;
  } catch (error) {
    throw pdfFailure(error, file);
  }
}

/** What page 1 prints sideways in its margins (arXiv's stamp); none when it cannot be read. */
async function firstPageStamps(doc: PDFDocumentProxy): Promise<string[]> {
  try {
    const page = await doc.getPage(1);
    return sidewaysText(await page.getTextContent(), page.getViewport({ scale: 1 }));
  } catch {
    return [];
  }
}

async function embeddedMetadata(doc: PDFDocumentProxy): Promise<EmbeddedMetadata> {
  try {
    const { info, metadata } = await doc.getMetadata();
    return { info: info as Record<string, unknown>, xmp: metadata ?? null };
  } catch {
    return { info: {}, xmp: null };
  }
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new ExtractionError('CANCELLED', 'The extraction was cancelled.');
}

/**
 * Reads one page's lines: its text layer, or OCR when it has none. Pages
 * are loaded one at a time and released, so memory does not grow with the file.
 */
async function readPage(
  doc: PDFDocumentProxy,
  n: number,
  /** Why OCR may not read this page (a limit reached; '' when OCR is off), or null when it may. */
  ocrRefused: string | null,
  options: PdfExtractionOptions,
  warnings: string[],
): Promise<LaidOutPage> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    let items = pdfItems(content, viewport);
    let ocr = false;
    let ocrLines: OcrTextLine[] | undefined;
    const visible = items.reduce((sum, i) => sum + i.str.replace(/\s/g, '').length, 0);
    const readable = items.reduce((sum, i) => sum + i.str.replace(/\s/g, '').replace(UNREADABLE, '').length, 0);
    // A page whose fonts map glyphs to control characters has text that nobody can read: treat it as a scan.
    const garbled = readable < visible / 2;
    if (readable < MIN_TEXT_LAYER || garbled) {
      const canOcr = ocrRefused === null && options.recognizer !== null;
      if (garbled)
        warnings.push(
          `page ${n}: its text layer is unreadable (fonts without a character map)${canOcr ? ', so it was read by OCR' : ''}`,
        );
      if (canOcr) {
        options.onProgress?.({ stage: 'ocr', page: n, pages: doc.numPages });
        const result = await options.recognizer!.recognize(doc, page);
        ocr = true;
        const words = wordShare(result.items);
        if (words < MIN_WORD_SHARE) {
          // Noise, stains and drawings read as strings of symbols: indexing them would only pollute search.
          items = [];
          if (result.items.length > 0)
            warnings.push(
              `page ${n}: OCR read mostly non-words (${Math.round(words * 100)}% words), so it was left out`,
            );
        } else {
          items = result.items;
          ocrLines = textLayerLines(result.lines);
          if (result.confidence < 60) warnings.push(`page ${n}: OCR confidence ${Math.round(result.confidence)}%`);
        }
      } else {
        // Leftover symbols of an unreadable text layer would only pollute search.
        if (garbled) items = [];
        if (ocrRefused) warnings.push(`page ${n}: no readable text layer, and ${ocrRefused}`);
      }
    }
    return {
      page: n,
      width: viewport.width,
      height: viewport.height,
      ocr,
      lines: layoutPage(items, viewport.width, viewport.height),
      ocrLines,
    };
  } finally {
    page.cleanup();
  }
}

/** Extracts one PDF: pages of clean text in reading order, section-aware passages with their boxes, and metadata. */
export async function extractPdf(file: string, options: PdfExtractionOptions): Promise<ExtractedDocument> {
  cancelled(options.signal);
  options.onProgress?.({ stage: 'open', page: 0, pages: 0 });
  const doc = await openPdf(file, options);
  try {
    const pages = doc.numPages;
    const warnings: string[] = [];
    const embedded = await embeddedMetadata(doc);
    const laidOut: LaidOutPage[] = [];
    let ocrUsed = 0;
    let ocrMs = 0;
    const ocrRefused = (): string | null => {
      if (options.ocrPages === 0) return ''; // off: nothing to warn about per page
      if (ocrUsed >= options.ocrPages) return `the OCR limit of ${options.ocrPages} pages per file was reached`;
      if (ocrMs >= options.ocrTimeMs)
        return `the OCR time limit of ${options.ocrTimeMs < 1000 ? `${options.ocrTimeMs} ms` : `${Math.round(options.ocrTimeMs / 1000)} s`} per file was reached`;
      return null;
    };
    for (let n = 1; n <= pages; n++) {
      cancelled(options.signal);
      options.onProgress?.({ stage: 'text', page: n, pages });
      let page: LaidOutPage;
      const pageStarted = performance.now();
      try {
        page = await readPage(doc, n, ocrRefused(), options, warnings);
      } catch (error) {
        if (error instanceof ExtractionError) throw error;
        warnings.push(`page ${n}: could not be read (${(error as Error).message})`);
        page = { page: n, width: 0, height: 0, ocr: false, lines: [] };
      }
      if (page.ocr) {
        ocrUsed += 1;
        ocrMs += performance.now() - pageStarted;
      }
      laidOut.push(page);
      if (n % CACHE_PAGES === 0) await doc.cleanup();
    }
    options.onProgress?.({ stage: 'structure', page: pages, pages });
    // Page 1 as printed, running header and footer included: journals print the year there ("The R Journal Vol. 6/1,
    // June 2014").
    const printedFirst = laidOut[0]?.lines.slice() ?? [];
    removeRunningLines(laidOut);
    const spellings = documentSpellings(laidOut.flatMap((p) => p.lines));
    const composed = laidOut.map((p) => composePage(p.page, p.lines, spellings));
    if (composed.every((c) => c.text.trim() === '')) {
      const scanned = laidOut.some((p) => p.ocr);
      throw new ExtractionError(
        'EMPTY',
        scanned
          ? `${file} holds no text: its pages have no text layer and OCR recognised nothing on them.`
          : `${file} holds no text: its pages have no text layer${options.ocrPages === 0 ? ' and OCR is off' : ''}.`,
      );
    }
    const extractedPages: ExtractedPage[] = laidOut.map((p, i) => ({
      page: p.page,
      width: p.width,
      height: p.height,
      text: composed[i]!.text,
      ocr: p.ocr,
      ...(p.ocrLines === undefined ? {} : { ocrLines: p.ocrLines }),
    }));
    const lines: PageLine[] = composed.flatMap((c) => c.lines);
    const sections = findSections(lines);
    const ocrPages = new Set(laidOut.filter((p) => p.ocr).map((p) => p.page));
    const passages = sectionPassages(sections, (page) => extractedPages[page - 1]!.text, ocrPages, options.chunking);
    const first =
      laidOut[0] === undefined
        ? null
        : {
            lines: laidOut[0].lines,
            printed: printedFirst,
            height: laidOut[0].height,
            text: extractedPages[0]!.text,
            stamps: await firstPageStamps(doc),
          };
    return {
      pageCount: pages,
      pages: extractedPages,
      passages,
      metadata: documentMetadata(first, sections, embedded),
      warnings,
    };
  } finally {
    await doc.destroy();
  }
}
