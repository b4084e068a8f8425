/** A position inside one text item of a page (pdf.js text content). */
export interface ItemPoint {
  item: number;
  offset: number;
}

export interface TextMatch {
  page: number;
  start: ItemPoint;
  /** Exclusive. */
  end: ItemPoint;
}

export interface PageItems {
  page: number;
  /** The `str` of each text item, in the order pdf.js gives them (and the text layer renders them). */
  items: readonly string[];
  /** Whether a line ends after the item (pdf.js `hasEOL`). */
  eol: readonly boolean[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Case-insensitive matches of `query` in a page's text items, where any run
 * of whitespace in the query matches any run of whitespace (or a line end) in
 * the page, so a phrase wrapped over two lines is still found.
 */
export function findInPage(page: PageItems, query: string): TextMatch[] {
  const words = query
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [];
  // The joined page text, and for each of its characters the item point it came from (null: an inserted line break).
  let text = '';
  const points: (ItemPoint | null)[] = [];
  page.items.forEach((str, item) => {
    for (let offset = 0; offset < str.length; offset++) points.push({ item, offset });
    text += str;
    if (page.eol[item] === true) {
      text += '\n';
      points.push(null);
    }
  });
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s+'), 'giu');
  const matches: TextMatch[] = [];
  for (const m of text.matchAll(pattern)) {
    const first = points[m.index];
    const last = points[m.index + m[0].length - 1];
    if (first == null || last == null) continue;
    matches.push({ page: page.page, start: first, end: { item: last.item, offset: last.offset + 1 } });
  }
  return matches;
}
