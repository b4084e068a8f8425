import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ChunkingOptions, ExtractedDocument, ExtractionProgress, PageCosts } from '../types.js';
import { ExtractionError } from '../types.js';
import { pdfAssets } from './assets.js';
import { pdfFailure, readPdfBytes } from './fileChecks.js';
import { getDocument } from './pdfjs.js';
import { DocumentBuilder, type DocumentPart, type LaidOutPage } from './documentBuilder.js';
import { layoutPage, UNREADABLE, type TextItem } from './layout.js';
import { documentMetadata, type EmbeddedMetadata } from './pdfMetadata.js';
import { wordShare, type OcrResult, type PageRecognizer } from './ocr.js';
import { OcrPipeline } from './ocrPipeline.js';
import { textLayerLines } from './ocrLines.js';
import { pdfItems, sidewaysText } from './pdfItems.js';
import type { ThreadBudget } from './threadBudget.js';

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
  /** The pool's cores: more scanned pages are read at once while some are spare. */
  budget?: ThreadBudget | null;
  signal?: AbortSignal;
  onProgress?: (progress: ExtractionProgress) => void;
  /**
   * Takes the pages and passages as they are built, a part at a time (the result then has none of them): a long
   * document is handed over without ever being whole in the extracting thread.
   */
  onPart?: (part: DocumentPart) => void;
}

/** An OCR page with a smaller share of word-like tokens is noise, not text. */
const MIN_WORD_SHARE = 0.5;
/** A page with fewer visible characters than this in its text layer is treated as a scan. */
const MIN_TEXT_LAYER = 20;
/** pdf.js caches fonts and images per document; dropping them every so many pages keeps huge files bounded. */
const CACHE_PAGES = 50;

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

interface TextLayer {
  width: number;
  height: number;
  items: TextItem[];
  /** No readable text: a scan, or fonts that map glyphs to control characters. */
  scanned: boolean;
  garbled: boolean;
}

/** A page's text layer, and whether it has none worth reading. */
async function readTextLayer(page: PDFPageProxy): Promise<TextLayer> {
  const viewport = page.getViewport({ scale: 1 });
  const items = pdfItems(await page.getTextContent(), viewport);
  const visible = items.reduce((sum, i) => sum + i.str.replace(/\s/g, '').length, 0);
  const readable = items.reduce((sum, i) => sum + i.str.replace(/\s/g, '').replace(UNREADABLE, '').length, 0);
  // A page whose fonts map glyphs to control characters has text that nobody can read: treat it as a scan.
  const garbled = readable < visible / 2;
  return {
    width: viewport.width,
    height: viewport.height,
    items,
    scanned: readable < MIN_TEXT_LAYER || garbled,
    garbled,
  };
}

/** A scanned page as OCR read it: its prose laid out, or nothing (with a warning) when it read mostly non-words. */
function recognizedPage(n: number, layer: TextLayer, result: OcrResult): LaidOutPage {
  const words = wordShare(result.items);
  const page = { page: n, width: layer.width, height: layer.height, ocr: true, warnings: [] as string[] };
  if (words < MIN_WORD_SHARE) {
    // Noise, stains and drawings read as strings of symbols: indexing them would only pollute search.
    if (result.items.length > 0)
      page.warnings.push(
        `page ${n}: OCR read mostly non-words (${Math.round(words * 100)}% words), so it was left out`,
      );
    return { ...page, lines: [] };
  }
  if (result.confidence < 60) page.warnings.push(`page ${n}: OCR confidence ${Math.round(result.confidence)}%`);
  return {
    ...page,
    lines: layoutPage(result.items, layer.width, layer.height),
    ocrLines: textLayerLines(result.lines),
  };
}

const unreadablePage = (n: number, error: unknown): LaidOutPage => ({
  page: n,
  width: 0,
  height: 0,
  ocr: false,
  lines: [],
  warnings: [`page ${n}: could not be read (${(error as Error).message})`],
});

/**
 * Reads one page: its text layer laid out, or, for a scan, the promise of its OCR (started once a core is free for it,
 * while the following pages are read). Pages are loaded one at a time and released, so memory does not grow with the
 * file.
 */
async function readPage(
  doc: PDFDocumentProxy,
  n: number,
  /** Why OCR may not read this page (a limit reached; '' when OCR is off), or null when it may. */
  ocrRefused: string | null,
  options: PdfExtractionOptions,
  ocr: OcrPipeline | null,
): Promise<{ page: LaidOutPage } | { pending: Promise<LaidOutPage> }> {
  const page = await doc.getPage(n);
  try {
    const layer = await readTextLayer(page);
    const warnings: string[] = [];
    let items = layer.items;
    if (layer.scanned) {
      const canOcr = ocrRefused === null && ocr !== null;
      if (layer.garbled)
        warnings.push(
          `page ${n}: its text layer is unreadable (fonts without a character map)${canOcr ? ', so it was read by OCR' : ''}`,
        );
      if (canOcr) {
        options.onProgress?.({ stage: 'ocr', page: n, pages: doc.numPages });
        const { result } = await ocr.start(await options.recognizer!.render(doc, page));
        const pending = result.then(
          (read) => {
            options.onProgress?.({ stage: 'recognized', page: n, pages: doc.numPages });
            const recognized = recognizedPage(n, layer, read);
            return { ...recognized, warnings: [...warnings, ...recognized.warnings] };
          },
          (error: unknown) => unreadablePage(n, error),
        );
        return { pending };
      }
      // Leftover symbols of an unreadable text layer would only pollute search.
      if (layer.garbled) items = [];
      if (ocrRefused) warnings.push(`page ${n}: no readable text layer, and ${ocrRefused}`);
    }
    return {
      page: {
        page: n,
        width: layer.width,
        height: layer.height,
        ocr: false,
        lines: layoutPage(items, layer.width, layer.height),
        warnings,
      },
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
    const embedded = await embeddedMetadata(doc);
    const ocr = options.recognizer === null ? null : new OcrPipeline(options.recognizer, options.budget ?? null);
    const ocrRefused = (): string | null => {
      if (options.ocrPages === 0 || ocr === null) return ''; // off: nothing to warn about per page
      if (ocr.started >= options.ocrPages) return `the OCR limit of ${options.ocrPages} pages per file was reached`;
      if (ocr.elapsedMs() >= options.ocrTimeMs)
        return `the OCR time limit of ${options.ocrTimeMs < 1000 ? `${options.ocrTimeMs} ms` : `${Math.round(options.ocrTimeMs / 1000)} s`} per file was reached`;
      return null;
    };
    let textPages = 0;
    let textMs = 0;
    const costs = (): PageCosts => ({
      textPages,
      textMs,
      ocrStarted: ocr?.started ?? 0,
      ocrPages: ocr?.finished ?? 0,
      ocrMs: ocr?.elapsedMs() ?? 0,
    });
    const onProgress = options.onProgress;
    const progress = {
      ...options,
      onProgress: onProgress && ((p: ExtractionProgress) => onProgress({ ...p, read: costs() })),
    };
    // Pages go to the document in order: text-layer pages at once, scanned ones when OCR has read them (the pages
    // read meanwhile wait for them).
    const builder = new DocumentBuilder(options.chunking);
    const warnings: string[] = [];
    let inOrder: Promise<void> = Promise.resolve();
    let recognized = false;
    const add = (page: LaidOutPage | Promise<LaidOutPage>): void => {
      inOrder = inOrder.then(async () => {
        const read = await page;
        recognized ||= read.ocr;
        warnings.push(...read.warnings);
        builder.add(read);
      });
    };
    for (let n = 1; n <= pages; n++) {
      cancelled(options.signal);
      progress.onProgress?.({ stage: 'text', page: n, pages });
      try {
        const started = performance.now();
        const read = await readPage(doc, n, ocrRefused(), progress, ocr);
        if ('page' in read) {
          textPages += 1;
          textMs += performance.now() - started;
        }
        add('page' in read ? read.page : read.pending);
      } catch (error) {
        if (error instanceof ExtractionError) throw error;
        add(unreadablePage(n, error));
      }
      if (n % CACHE_PAGES === 0) await doc.cleanup();
    }
    await inOrder;
    cancelled(options.signal);
    progress.onProgress?.({ stage: 'structure', page: pages, pages });
    const built = builder.finish(options.onPart);
    if (built.texts.every((text) => text.trim() === '')) {
      const scanned = recognized;
      throw new ExtractionError(
        'EMPTY',
        scanned
          ? `${file} holds no text: its pages have no text layer and OCR recognised nothing on them.`
          : `${file} holds no text: its pages have no text layer${options.ocrPages === 0 ? ' and OCR is off' : ''}.`,
      );
    }
    // Page 1 as printed, running header and footer included: journals print the year there ("The R Journal Vol. 6/1,
    // June 2014").
    const first = built.first === null ? null : { ...built.first, stamps: await firstPageStamps(doc) };
    return {
      pageCount: pages,
      pages: built.pages,
      passages: built.passages,
      metadata: documentMetadata(first, built.sections, embedded),
      warnings,
    };
  } finally {
    await doc.destroy();
  }
}
