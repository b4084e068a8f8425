import { useEffect, useState } from 'react';
import { findInPage, type TextMatch } from './findText.js';
import type { PageText } from './pageText.js';

export interface FindState {
  matches: TextMatch[];
  searching: boolean;
}

/** Every match of `query` in the document's `pages`, page by page; a newer query cancels an older search. */
export function useFind(text: PageText, pages: number, query: string): FindState {
  const [found, setFound] = useState<{ query: string; matches: TextMatch[] } | null>(null);
  const wanted = query.trim();
  useEffect(() => {
    if (wanted === '') return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void (async () => {
        const matches: TextMatch[] = [];
        for (let page = 1; page <= pages; page++) {
          const items = await text.items(page);
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
  }, [text, pages, wanted]);
  if (wanted === '') return { matches: [], searching: false };
  return found?.query === wanted ? { matches: found.matches, searching: false } : { matches: [], searching: true };
}
