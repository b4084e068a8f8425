import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { OcrTextLine } from '../../../../electron/contract/ops/library.js';
import type { PageItems } from './findText.js';

/** The font OCR's words are laid out in; each word is stretched to its box, so only its proportions matter. */
const OCR_FONT = 'ocr';
/** Where a line's baseline sits between its top and bottom: its descenders below, as the text layer's font has them. */
const BASELINE = 0.8;

/**
 * Where each page's text comes from, read once per page: pdf.js's text layer, or for a page read by OCR (which has
 * none) the words OCR read, laid out where they lie on the scan. The Reader's text layer, find and the cited words'
 * highlight all read it, so their item indices agree.
 */
export interface PageText {
  content(page: number): Promise<TextContent>;
  items(page: number): Promise<PageItems>;
}

/**
 * OCR's lines as pdf.js text content: one item per word (a space after each but the line's last, so that find and a
 * selection see words), each box in PDF coordinates from the page's own viewport.
 */
async function ocrContent(doc: PDFDocumentProxy, page: number, lines: readonly OcrTextLine[]): Promise<TextContent> {
  const viewport = (await doc.getPage(page)).getViewport({ scale: 1 });
  const items: TextItem[] = lines.flatMap((line) => {
    const height = line.bottom - line.top;
    return line.words.map((word, i): TextItem => {
      const last = i === line.words.length - 1;
      const [x, y] = viewport.convertToPdfPoint(word.x0, line.top + height * BASELINE) as [number, number];
      return {
        str: last ? word.text : `${word.text} `,
        dir: 'ltr',
        // A word and the space after it reach the next word; the last one ends at its own edge.
        width: (last ? word.x1 : line.words[i + 1]!.x0) - word.x0,
        height,
        transform: [height, 0, 0, height, x, y],
        fontName: OCR_FONT,
        hasEOL: last,
      };
    });
  });
  return {
    items,
    styles: { [OCR_FONT]: { fontFamily: 'sans-serif', ascent: BASELINE, descent: BASELINE - 1, vertical: false } },
    lang: null,
  };
}

/** A paper's page text; `ocrText` gives the words of each page in `ocrPages`. */
export function pageText(
  doc: PDFDocumentProxy,
  ocrPages: ReadonlySet<number>,
  ocrText: (page: number) => Promise<OcrTextLine[]>,
): PageText {
  const contents = new Map<number, Promise<TextContent>>();
  const content = (page: number): Promise<TextContent> => {
    let read = contents.get(page);
    if (read === undefined) {
      read = ocrPages.has(page)
        ? ocrText(page).then((lines) => ocrContent(doc, page, lines))
        : doc.getPage(page).then((p) => p.getTextContent());
      contents.set(page, read);
    }
    return read;
  };
  return {
    content,
    // The text items as the text layer renders them (marked-content markers have no `str` and no element).
    async items(page) {
      const items = (await content(page)).items.filter((i): i is TextItem => 'str' in i);
      return { page, items: items.map((i) => i.str), eol: items.map((i) => i.hasEOL) };
    },
  };
}
