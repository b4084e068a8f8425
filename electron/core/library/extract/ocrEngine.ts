/**
 * What an OCR engine reads off a rendered page, in the image's pixels: lines in reading order, each with its words.
 * Both engines (native tesseract, tesseract.js) answer in this shape, so the page's layout does not know which read it.
 */
export interface RecognizedLine {
  words: { text: string; x0: number; x1: number; confidence: number }[];
  top: number;
  bottom: number;
  /** Tesseract's row height (x-height line to baseline pitch) when it reports one: steadier than the box. */
  rowHeight: number | null;
  /** 0–100. */
  confidence: number;
}

export interface Recognition {
  lines: RecognizedLine[];
  /** Mean word confidence, 0–100. */
  confidence: number;
}

/** A rendered page, encoded for the engine: 8-bit grey for native tesseract, PNG for tesseract.js. */
export interface PageImage {
  data: Buffer;
  width: number;
  height: number;
  dpi: number;
}

export interface OcrEngine {
  /** 'tesseract 5.3.0' or 'tesseract.js': said in the benchmark, and by the tests that check which one was chosen. */
  readonly name: string;
  readonly imageFormat: 'pgm' | 'png';
  /** Whether several pages may be read at once (separate processes); tesseract.js reads one at a time. */
  readonly parallel: boolean;
  recognize(image: PageImage): Promise<Recognition>;
  close(): Promise<void>;
}
