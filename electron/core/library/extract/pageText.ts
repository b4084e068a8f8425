import type { Box } from '../types.js';
import type { Line } from './layout.js';

/** A line placed in its page's text: [start, end) of `ExtractedPage.text`. */
export interface PageLine extends Line {
  page: number;
  start: number;
  end: number;
}

/** A word broken at the end of a line: letters, then a hyphen (not a compound's, as in "state-of-"). */
const BROKEN = /(?<![-\u2010]\p{L}*)\p{L}[-\u2010]$/u;

/**
 * The page's text from its lines in reading order: lines of a block joined by
 * a newline, blocks by a blank line, and a word hyphenated across a line
 * break (also across a column break) joined again when it goes on in lower case.
 */
export function composePage(page: number, lines: readonly Line[]): { text: string; lines: PageLine[] } {
  let text = '';
  const placed: PageLine[] = [];
  for (const line of lines) {
    const prev = placed.at(-1);
    if (prev !== undefined) {
      if (BROKEN.test(prev.text) && /^\p{Ll}/u.test(line.text)) {
        text = text.slice(0, -1);
        prev.end -= 1;
      } else text += line.blockStart ? '\n\n' : '\n';
    }
    placed.push({ ...line, page, start: text.length, end: text.length + line.text.length });
    text += line.text;
  }
  return { text, lines: placed };
}

export function boxOf(line: PageLine): Box {
  const r = (v: number): number => Math.round(v * 100) / 100;
  return { page: line.page, x: r(line.x0), y: r(line.top), w: r(line.x1 - line.x0), h: r(line.bottom - line.top) };
}
