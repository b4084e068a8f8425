import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from './layout.js';
import { nativeTesseract } from './nativeTesseract.js';
import type { OcrEngine, PageImage, Recognition } from './ocrEngine.js';
import { proseLines, type OcrLine } from './ocrLines.js';
import { TesseractJs } from './tesseractJs.js';

/**
 * Render resolution for recognition. Measured on the corpus's scans (bench/ocr.bench.ts): Tesseract reads body text
 * best at 200–300 dpi.
 */
export const OCR_DPI = 216;
/** Cap on the rendered image's longer side, so a poster-sized page does not take gigabytes. */
const MAX_PIXELS = 5000;

interface CanvasAndContext {
  canvas: { toBuffer(mime: 'image/png'): Buffer };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
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

/** A rendered page waiting for its engine, and the scale from its pixels back to PDF points. */
export interface RenderedPage {
  image: PageImage;
  scale: number;
}

/** RGBA pixels as 8-bit grey (ITU-R BT.601 weights) in a binary PGM: what native tesseract reads fastest. */
function pgm(rgba: Uint8ClampedArray, width: number, height: number): Buffer {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  const out = Buffer.allocUnsafe(header.length + width * height);
  header.copy(out);
  for (let i = 0, o = header.length; i < rgba.length; i += 4, o++)
    out[o] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  return out;
}

/** The engine's lines in PDF points, the prose among them as text items for the page's layout. */
function toPage(recognition: Recognition, scale: number): OcrResult {
  const recognised: OcrLine[] = recognition.lines.map((line) => ({
    words: line.words.map((w) => ({ text: w.text, x0: w.x0 / scale, x1: w.x1 / scale, confidence: w.confidence })),
    top: line.top / scale,
    bottom: line.bottom / scale,
    // Tesseract's row height is a steadier size estimate than the box (capitals-only lines have no descenders).
    size: (line.rowHeight ?? (line.bottom - line.top) / 1.15) / scale,
    confidence: line.confidence,
  }));
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
  return { items, lines, confidence: recognition.confidence };
}

export interface RecognizerOptions {
  /** The native `tesseract` to use when it is installed (default 'tesseract'); null: tesseract.js only. */
  tesseract?: string | null;
  dpi?: number;
}

/**
 * Recognises pages without a text layer: pdf.js renders the page (with @napi-rs/canvas in Node) and an OCR engine
 * reads it — the native `tesseract` when one is installed, else tesseract.js — and its words come back as text items
 * in page coordinates, ready for the same layout analysis as a text layer. Rendering and reading are separate steps so
 * that the next page renders while others are being read. The engine is chosen on first use and kept until close().
 */
export class PageRecognizer {
  private engine: Promise<OcrEngine> | null = null;
  private readonly dpi: number;

  constructor(private readonly options: RecognizerOptions = {}) {
    this.dpi = options.dpi ?? OCR_DPI;
  }

  /** The engine pages are read with: native tesseract when installed (and not turned off), else tesseract.js. */
  ocrEngine(): Promise<OcrEngine> {
    const command = this.options.tesseract === undefined ? 'tesseract' : this.options.tesseract;
    this.engine ??= (command === null ? Promise.resolve(null) : nativeTesseract(command)).then(
      (native) => native ?? new TesseractJs(),
    );
    return this.engine;
  }

  async render(doc: PDFDocumentProxy, page: PDFPageProxy): Promise<RenderedPage> {
    const engine = await this.ocrEngine();
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(this.dpi / 72, MAX_PIXELS / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const factory = doc.canvasFactory as CanvasFactory;
    const target = factory.create(width, height);
    try {
      await page.render({ canvas: target.canvas as never, canvasContext: target.context as never, viewport }).promise;
      const data =
        engine.imageFormat === 'pgm'
          ? pgm(target.context.getImageData(0, 0, width, height).data, width, height)
          : target.canvas.toBuffer('image/png');
      return { image: { data, width, height, dpi: Math.round(scale * 72) }, scale };
    } finally {
      factory.destroy(target);
    }
  }

  async read(rendered: RenderedPage): Promise<OcrResult> {
    const engine = await this.ocrEngine();
    return toPage(await engine.recognize(rendered.image), rendered.scale);
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    if (engine !== null) await (await engine.catch(() => null))?.close();
  }
}
