import type { ChunkingOptions, ExtractedPage, ExtractedPassage, OcrTextLine } from '../types.js';
import type { Line } from './layout.js';
import { composePage, noteSpellings, type Spellings } from './pageText.js';
import { packLines, unpackLines, type PackedLines } from './pageStore.js';
import { yearEvidence } from './paperYear.js';
import { sectionPassages } from './passages.js';
import { keptLines, RunningLines, type PageBand } from './runningLines.js';
import { SectionFinder, SizeTally, type Section } from './structure.js';

/** A page as layout (or OCR and layout) leaves it. */
export interface LaidOutPage {
  page: number;
  width: number;
  height: number;
  ocr: boolean;
  lines: Line[];
  /** The words OCR read, where they lie (OCR pages only). */
  ocrLines?: OcrTextLine[];
  warnings: string[];
}

interface StoredPage extends Omit<LaidOutPage, 'lines'> {
  packed: PackedLines | null;
  band: PageBand;
  dropped?: Set<number>;
}

/** Pages and the passages finished with them, handed on as they are built. */
export interface DocumentPart {
  pages: ExtractedPage[];
  passages: ExtractedPassage[];
}

/** Pages per part: a long document reaches its reader a part at a time, never all at once. */
const PART_PAGES = 100;

export interface BuiltDocument extends DocumentPart {
  /** Page 1's lines without its running lines, and as printed (with them): what its metadata is read from. */
  first: { lines: Line[]; printed: Line[]; height: number; text: string } | null;
  /** Of each section what the metadata reads (see yearEvidence). */
  sections: Section[];
  /** Each page's text, in page order (whether or not the pages went out in parts). */
  texts: string[];
}

/** Places of lines in the document, for the body size's tie-break: page-major, as they are read. */
const place = (page: number, line: number): number => page * 100_000 + line;

/**
 * Builds the document from its pages as they are read, in order, keeping little of each: its lines packed, the few
 * lines at its top and bottom edges that may be running heads, and the spellings and text sizes of the rest. Once
 * every page is in, the running heads are known; then each page in turn is unpacked, composed into its text and its
 * lines handed to the sections and passages, and only its text (and the passages) stays.
 */
export class DocumentBuilder {
  private readonly stored: StoredPage[] = [];
  private readonly running = new RunningLines();
  private readonly spellings: Spellings & { compounds: Set<string>; words: Set<string> } = {
    compounds: new Set(),
    words: new Set(),
  };
  private readonly sizes = new SizeTally();
  private firstLines: Line[] | null = null;

  constructor(private readonly chunking: ChunkingOptions) {}

  add(page: LaidOutPage): void {
    const band = this.running.see(page.lines, page.height, page.ocr);
    const edge = new Set(band.at);
    const body = page.lines.filter((_, i) => !edge.has(i));
    noteSpellings(this.spellings, body);
    page.lines.forEach((line, i) => edge.has(i) || this.sizes.add(line, place(page.page, i)));
    // Page 1 stays whole: its metadata reads what packing leaves out (parts of a line, as printed).
    if (this.stored.length === 0) this.firstLines = page.lines;
    const { lines, ...rest } = page;
    this.stored.push({ ...rest, band, packed: this.stored.length === 0 ? null : packLines(lines) });
  }

  /**
   * Builds the pages' text, the sections and the passages. With `onPart`, they go there as they are built (and not
   * into the result), so the thread building them holds only the pages' text meanwhile.
   */
  finish(onPart?: (part: DocumentPart) => void): BuiltDocument {
    for (const page of this.stored) {
      page.dropped = this.running.dropped(page.band);
      const kept = page.band.lines.filter((_, k) => !page.dropped!.has(page.band.at[k]!));
      noteSpellings(this.spellings, kept);
      page.band.at.forEach(
        (at, k) => page.dropped!.has(at) || this.sizes.add(page.band.lines[k]!, place(page.page, at)),
      );
    }
    const ocrPages = new Set(this.stored.filter((p) => p.ocr).map((p) => p.page));
    const texts: string[] = [];
    let part: DocumentPart = { pages: [], passages: [] };
    const whole: DocumentPart = { pages: [], passages: [] };
    const handOn = (): void => {
      if (onPart === undefined) return;
      if (part.pages.length > 0 || part.passages.length > 0) onPart(part);
      part = { pages: [], passages: [] };
    };
    const sections: Section[] = [];
    const finder = new SectionFinder(this.sizes.body(), (closed) => {
      (onPart === undefined ? whole : part).passages.push(
        ...sectionPassages(closed, (n) => texts[n - 1]!, ocrPages, this.chunking),
      );
      sections.push(...closed.map(yearEvidence));
    });
    let first: BuiltDocument['first'] = null;
    for (const page of this.stored) {
      const lines = page.packed === null ? this.firstLines! : unpackLines(page.packed);
      page.packed = null;
      const kept = keptLines(lines, page.dropped!);
      const composed = composePage(page.page, kept, this.spellings);
      texts.push(composed.text);
      (onPart === undefined ? whole : part).pages.push({
        page: page.page,
        width: page.width,
        height: page.height,
        text: composed.text,
        ocr: page.ocr,
        ...(page.ocrLines === undefined ? {} : { ocrLines: page.ocrLines }),
      });
      if (first === null) first = { lines: kept, printed: lines, height: page.height, text: composed.text };
      for (const line of composed.lines) finder.push(line);
      if (part.pages.length >= PART_PAGES) handOn();
    }
    finder.end();
    handOn();
    return { ...whole, first, sections, texts };
  }
}
