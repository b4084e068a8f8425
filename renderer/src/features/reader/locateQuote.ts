import type { ItemPoint, PageItems, TextMatch } from './findText.js';

/** How many letters and digits of each end are enough to find a quote whose middle differs from the page. */
const END_LENGTH = 24;

interface Compact {
  /** Letters and digits only, folded (NFKC, lower case). */
  text: string;
  /** The item point each character of `text` came from. */
  points: ItemPoint[];
}

/**
 * A page's text reduced to letters and digits: the passage text was cleaned
 * at import (line-end hyphens joined, ligatures expanded, spacing and quote
 * marks normalised), so only these survive unchanged on both sides.
 */
function compactPage(page: PageItems): Compact {
  let text = '';
  const points: ItemPoint[] = [];
  page.items.forEach((str, item) => {
    for (let offset = 0; offset < str.length; offset++) {
      for (const ch of str[offset]!.normalize('NFKC').toLowerCase()) {
        if (!/[\p{L}\p{N}]/u.test(ch)) continue;
        text += ch;
        points.push({ item, offset });
      }
    }
  });
  return { text, points };
}

function compactText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function span(page: number, compact: Compact, from: number, to: number): TextMatch {
  const last = compact.points[to - 1]!;
  return { page, start: compact.points[from]!, end: { item: last.item, offset: last.offset + 1 } };
}

/**
 * Where the cited words lie on a page, exactly, in the text layer's items; null when they are not there.
 * The whole quote is looked for first; failing that (a word the extraction changed inside it), its first
 * and last words, the end no further from the start than the quote is long plus a quarter.
 */
export function locateQuote(page: PageItems, quote: string): TextMatch | null {
  const wanted = compactText(quote);
  if (wanted.length < 8) return null;
  const compact = compactPage(page);
  const whole = compact.text.indexOf(wanted);
  if (whole >= 0) return span(page.page, compact, whole, whole + wanted.length);
  if (wanted.length < END_LENGTH * 2) return null;
  const head = compact.text.indexOf(wanted.slice(0, END_LENGTH));
  if (head < 0) return null;
  const tail = compact.text.indexOf(wanted.slice(-END_LENGTH), head + END_LENGTH);
  if (tail < 0 || tail + END_LENGTH - head > wanted.length * 1.25) return null;
  return span(page.page, compact, head, tail + END_LENGTH);
}
