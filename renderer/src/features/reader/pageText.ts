import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { PageItems } from './findText.js';

const cache = new WeakMap<PDFDocumentProxy, Map<number, Promise<TextContent>>>();

/**
 * A page's text content, read once per document: the text layer is built
 * from it and find searches it, so their item indices agree.
 */
export function pageTextContent(doc: PDFDocumentProxy, page: number): Promise<TextContent> {
  let pages = cache.get(doc);
  if (pages === undefined) cache.set(doc, (pages = new Map()));
  let content = pages.get(page);
  if (content === undefined) {
    content = doc.getPage(page).then((p) => p.getTextContent());
    pages.set(page, content);
  }
  return content;
}

/** The text items as the text layer renders them (marked-content markers have no `str` and no element). */
export async function pageItems(doc: PDFDocumentProxy, page: number): Promise<PageItems> {
  const content = await pageTextContent(doc, page);
  const items = content.items.filter((i): i is TextItem => 'str' in i);
  return { page, items: items.map((i) => i.str), eol: items.map((i) => i.hasEOL) };
}
