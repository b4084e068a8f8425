import type { JobRate } from '../../../contract/index.js';
import type { ExtractionProgress, PageCosts } from '../types.js';

/** Too little measured to say how long is left: fewer pages than this, or less time (ms). */
const MIN_PAGES = 3;
const MIN_MS = 2_000;

interface FileState {
  /** Pages in the file, once it is open. */
  pages: number | null;
  read: PageCosts;
}

const NOTHING_READ: PageCosts = { textPages: 0, textMs: 0, ocrStarted: 0, ocrPages: 0, ocrMs: 0 };

/**
 * An import's pages/s and time remaining, from what its files report while they are read. Pages with a text layer
 * and pages read by OCR are counted apart, each kind with its own cost per page as measured so far: a text page costs
 * a worker its time on it (the pool reads `concurrency` files at once), an OCR page the OCR time of its file (which
 * already uses the spare cores). The work left is the pages still unread of the files open now, and, for files not
 * opened yet, as many pages as the files read so far had on average, scanned in the same share.
 */
export class ImportRate {
  private readonly files = new Map<string, FileState>();
  private readonly started: number;

  constructor(
    /** PDF files of the import not started yet. */
    private waiting: number,
    private readonly concurrency: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** A file starts: one fewer waiting. */
  open(file: string): void {
    this.waiting = Math.max(0, this.waiting - 1);
    this.files.set(file, { pages: null, read: NOTHING_READ });
  }

  progress(file: string, progress: ExtractionProgress): void {
    const state = this.files.get(file);
    if (state === undefined) return;
    if (progress.pages > 0) state.pages = progress.pages;
    if (progress.read !== undefined) state.read = progress.read;
  }

  /** A file is done (imported, failed or skipped): its pages are all read. */
  close(file: string): void {
    const state = this.files.get(file);
    if (state?.pages != null) state.pages = state.read.textPages + state.read.ocrPages;
  }

  rate(): JobRate {
    const all = [...this.files.values()];
    const sum = (f: (s: FileState) => number): number => all.reduce((n, s) => n + f(s), 0);
    const textPages = sum((s) => s.read.textPages);
    const ocrPages = sum((s) => s.read.ocrPages);
    const ocrMs = sum((s) => s.read.ocrMs);
    const elapsed = this.now() - this.started;
    const done = textPages + ocrPages;
    return {
      unit: 'pages',
      done,
      perSecond: done === 0 || elapsed < MIN_MS ? null : done / (elapsed / 1000),
      ocr:
        ocrPages === 0 && sum((s) => s.read.ocrStarted) === 0
          ? null
          : { done: ocrPages, perSecond: ocrPages === 0 ? null : ocrPages / (ocrMs / 1000) },
      remainingSeconds: done < MIN_PAGES || elapsed < MIN_MS ? null : this.remainingSeconds(all, elapsed),
    };
  }

  private remainingSeconds(all: readonly FileState[], elapsed: number): number | null {
    const opened = all.filter((s) => s.pages !== null);
    if (opened.length === 0) return null;
    const seen = opened.reduce((n, s) => n + s.read.textPages + s.read.ocrStarted, 0);
    const scannedShare = seen === 0 ? 0 : opened.reduce((n, s) => n + s.read.ocrStarted, 0) / seen;
    let text = 0;
    let ocr = 0;
    for (const s of opened) {
      const unread = Math.max(0, s.pages! - s.read.textPages - s.read.ocrStarted);
      const own = s.read.textPages + s.read.ocrStarted;
      const share = own === 0 ? scannedShare : s.read.ocrStarted / own;
      ocr += s.read.ocrStarted - s.read.ocrPages + unread * share;
      text += unread * (1 - share);
    }
    const meanPages = opened.reduce((n, s) => n + s.pages!, 0) / opened.length;
    ocr += this.waiting * meanPages * scannedShare;
    text += this.waiting * meanPages * (1 - scannedShare);
    const textPages = all.reduce((n, s) => n + s.read.textPages, 0);
    const ocrPages = all.reduce((n, s) => n + s.read.ocrPages, 0);
    // A kind of page still to come whose cost nothing has measured yet (OCR started, no page read): unknown.
    if ((text > 0.5 && textPages === 0) || (ocr > 0.5 && ocrPages === 0)) return null;
    const textCost = textPages === 0 ? 0 : all.reduce((n, s) => n + s.read.textMs, 0) / textPages;
    const ocrCost = ocrPages === 0 ? 0 : all.reduce((n, s) => n + s.read.ocrMs, 0) / ocrPages;
    const cost = (textCount: number, ocrCount: number): number =>
      (textCount * textCost) / this.concurrency + ocrCount * ocrCost;
    // What the pages cost does not cover (sections and passages, writing to the library, overlap between files) is
    // taken in the same proportion as it has so far.
    const predicted = cost(textPages, ocrPages);
    const overhead = predicted === 0 ? 1 : Math.min(4, Math.max(0.25, elapsed / predicted));
    return (cost(text, ocr) * overhead) / 1000;
  }
}
