import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { findInPage, type TextMatch } from './findText.js';
import { pageItems } from './pageText.js';

export interface FindState {
  matches: TextMatch[];
  searching: boolean;
}

/** Every match of `query` in the document, page by page; a newer query cancels an older search. */
export function useFind(doc: PDFDocumentProxy, query: string): FindState {
  const [found, setFound] = useState<{ query: string; matches: TextMatch[] } | null>(null);
  const wanted = query.trim();
  useEffect(() => {
    if (wanted === '') return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void (async () => {
        const matches: TextMatch[] = [];
        for (let page = 1; page <= doc.numPages; page++) {
          const items = await pageItems(doc, page);
          if (cancelled) return;
          matches.push(...findInPage(items, wanted));
        }
        setFound({ query: wanted, matches });
      })();
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc, wanted]);
  if (wanted === '') return { matches: [], searching: false };
  return found?.query === wanted ? { matches: found.matches, searching: false } : { matches: [], searching: true };
}
