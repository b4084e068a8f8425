export interface Excerpt {
  before: string;
  quote: string;
  after: string;
}

/**
 * The quoted words in a little of their passage: up to `radius` characters
 * either side, cut at a word boundary and marked with an ellipsis.
 */
export function excerpt(text: string, start: number | null, end: number | null, radius = 160): Excerpt {
  if (start === null || end === null || start < 0 || end > text.length || end <= start) {
    const cut = text.length > radius * 2 ? `${text.slice(0, radius * 2).replace(/\s+\S*$/, '')}…` : text;
    return { before: cut, quote: '', after: '' };
  }
  let before = text.slice(Math.max(0, start - radius), start);
  let after = text.slice(end, end + radius);
  if (start - radius > 0) before = `…${before.replace(/^\S*\s+/, '')}`;
  if (end + radius < text.length) after = `${after.replace(/\s+\S*$/, '')}…`;
  return { before, quote: text.slice(start, end), after };
}
