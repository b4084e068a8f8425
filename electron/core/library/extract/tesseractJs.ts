import Tesseract from 'tesseract.js';
import { tesseractLangPath } from './assets.js';
import type { OcrEngine, PageImage, Recognition, RecognizedLine } from './ocrEngine.js';

/**
 * Tesseract compiled to WebAssembly, in a worker thread of its own, with the English data of @tesseract.js-data/eng
 * on disk: the engine that always works, used where no native `tesseract` is installed. Started on first use and kept
 * until close(); it reads one page at a time.
 */
export class TesseractJs implements OcrEngine {
  readonly name = 'tesseract.js';
  readonly imageFormat = 'png';
  readonly parallel = false;
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

  async recognize(image: PageImage): Promise<Recognition> {
    const worker = await this.start();
    const { data } = await worker.recognize(image.data, {}, { text: false, blocks: true });
    const lines: RecognizedLine[] = [];
    for (const block of data.blocks ?? [])
      for (const paragraph of block.paragraphs)
        for (const line of paragraph.lines)
          lines.push({
            words: line.words
              .filter((w) => w.text.trim() !== '')
              .map((w) => ({ text: w.text, x0: w.bbox.x0, x1: w.bbox.x1, confidence: w.confidence })),
            top: line.bbox.y0,
            bottom: line.bbox.y1,
            rowHeight: line.rowAttributes?.rowHeight ?? null,
            confidence: line.confidence,
          });
    return { lines, confidence: data.confidence };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await (await worker.catch(() => null))?.terminate();
  }
}
