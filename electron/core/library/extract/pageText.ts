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

/** How a document spells its words: hyphenated compounds and plain words seen within lines, lower-cased. */
export interface Spellings {
  compounds: ReadonlySet<string>;
  words: ReadonlySet<string>;
}

/**
 * Notes the spellings of `lines` in the document's own: to tell a compound broken at its hyphen ("block-|diagram")
 * from a hyphenated word ("dia-|gram"), every line of the document is noted before any page is composed.
 */
export function noteSpellings(spellings: { compounds: Set<string>; words: Set<string> }, lines: Iterable<Line>): void {
  for (const line of lines) {
    for (const m of line.text.matchAll(/\p{L}+(?:[-\u2010]\p{L}+)*/gu)) {
      const word = m[0].toLowerCase();
      if (/[-\u2010]/u.test(word)) spellings.compounds.add(word.replace(/\u2010/gu, '-'));
      else spellings.words.add(word);
    }
  }
}

/**
 * True when the document writes this line-end break as a compound elsewhere ("fine-|grained") and never as one word.
 */
function keepsHyphen(before: string, after: string, spellings: Spellings): boolean {
  const head = /\p{L}+(?=[-\u2010]$)/u.exec(before)?.[0].toLowerCase();
  const tail = /^\p{L}+/u.exec(after)?.[0].toLowerCase();
  if (head === undefined || tail === undefined || spellings.words.has(head + tail)) return false;
  return spellings.compounds.has(`${head}-${tail}`);
}

/**
 * The page's text from its lines in reading order: lines of a block joined by
 * a newline, blocks by a blank line, and a word hyphenated across a line
 * break (also across a column break) joined again when it goes on in lower case;
 * the hyphen stays when the document spells the word as a compound elsewhere.
 */
export function composePage(
  page: number,
  lines: readonly Line[],
  spellings: Spellings,
): { text: string; lines: PageLine[] } {
  let text = '';
  const placed: PageLine[] = [];
  for (const line of lines) {
    const prev = placed.at(-1);
    if (prev !== undefined) {
      if (BROKEN.test(prev.text) && /^\p{Ll}/u.test(line.text)) {
        if (!keepsHyphen(prev.text, line.text, spellings)) {
          text = text.slice(0, -1);
          prev.end -= 1;
        }
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
