import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import Tesseract from 'tesseract.js';
import { tesseractLangPath } from './assets.js';
import type { TextItem } from './layout.js';
import { proseLines, type OcrLine } from './ocrLines.js';

/** Render resolution for recognition: Tesseract reads body text best at 200–300 dpi. */
const OCR_DPI = 216;
/** Cap on the rendered image's longer side, so a poster-sized page does not take gigabytes. */
const MAX_PIXELS = 5000;

interface CanvasAndContext {
  canvas: { toBuffer(mime: 'image/png'): Buffer };
  context: unknown;
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(target: CanvasAndContext): void;
}

/**
 * The share of recognised tokens that look like words: letters (with a vowel, or a one-letter word) or numbers, once
 * surrounding punctuation is stripped. Scanned text scores well above half; noise, stains and drawings far below.
 */
export function wordShare(items: readonly TextItem[]): number {
  if (items.length === 0) return 0;
  const wordLike = items.filter((item) => {
    const token = item.str.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (/^\p{N}+([.,]\p{N}+)*$/u.test(token)) return true;
    if (!/^\p{L}+(['’-]\p{L}+)*$/u.test(token)) return false;
    return token.length === 1 ? /^[aAI]$/.test(token) : /[aeiouyAEIOUY\u00C0-\u024F]/.test(token);
  }).length;
  return wordLike / items.length;
}

export interface OcrResult {
  items: TextItem[];
  /** The prose lines recognised, with each word's box: the page's text layer in the Reader. */
  lines: OcrLine[];
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

/**
 * Recognises pages without a text layer: pdf.js renders the page (with
 * @napi-rs/canvas in Node), Tesseract (in its own worker thread, English data
 * from @tesseract.js-data/eng on disk) reads it, and its words come back as
 * text items in page coordinates, ready for the same layout analysis as a
 * text layer. The Tesseract worker is started on first use and kept until close().
 */
export class PageRecognizer {
  private worker: Promise<Tesseract.Worker> | null = null;

  private start(): Promise<Tesseract.Worker> {
    this.worker ??= Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
      langPath: tesseractLangPath(),
      gzip: true,
      // 'none': never read or write a traineddata cache in the working directory.
      cacheMethod: 'none',
      errorHandler: () => undefined,
    });
    return this.worker;
  }

  async recognize(doc: PDFDocumentProxy, page: PDFPageProxy): Promise<OcrResult> {
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(OCR_DPI / 72, MAX_PIXELS / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const factory = doc.canvasFactory as CanvasFactory;
    const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    let png: Buffer;
    try {
      await page.render({ canvas: target.canvas as never, canvasContext: target.context as never, viewport }).promise;
      png = target.canvas.toBuffer('image/png');
    } finally {
      factory.destroy(target);
    }
    const worker = await this.start();
    const { data } = await worker.recognize(png, {}, { text: false, blocks: true });
    const recognised: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const words = line.words
            .filter((w) => w.text.trim() !== '')
            .map((w) => ({ text: w.text, x0: w.bbox.x0 / scale, x1: w.bbox.x1 / scale, confidence: w.confidence }));
          recognised.push({
            words,
            top: line.bbox.y0 / scale,
            bottom: line.bbox.y1 / scale,
            // Tesseract's row height is a steadier size estimate than the box (capitals-only lines have no descenders).
            size: (line.rowAttributes?.rowHeight ?? (line.bbox.y1 - line.bbox.y0) / 1.15) / scale,
            confidence: line.confidence,
          });
        }
      }
    }
    // What OCR read off figures, tables and specks is left out: the page's text, its passages and its words are prose.
    const lines = proseLines(recognised);
    const items: TextItem[] = lines.flatMap((line) =>
      // Each recognised word is a word: a space follows it, however close OCR put the next one.
      line.words.map((w) => ({
        str: `${w.text} `,
        x0: w.x0,
        x1: w.x1,
        top: line.top,
        bottom: line.bottom,
        size: line.size,
      })),
    );
    return { items, lines, confidence: data.confidence };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await (await worker.catch(() => null))?.terminate();
  }
}
