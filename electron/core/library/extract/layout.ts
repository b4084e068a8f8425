/**
 * Page layout from positioned text: items → rows → lines in reading order,
 * with blocks. Coordinates are PDF points, origin at the top-left.
 */

/** A run of text with its box, from pdf.js's text layer or from OCR. */
export interface TextItem {
  str: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Font size (or, for OCR, the text height). */
  size: number;
}

export type Column = 'left' | 'right' | 'span';

export interface Line {
  text: string;
  /** Pieces of the line separated by wide gaps (author grids, table cells). */
  parts: string[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
  column: Column;
  /** First line of a block (paragraph, heading, caption...). */
  blockStart: boolean;
}

interface Row {
  items: TextItem[];
  top: number;
  bottom: number;
  size: number;
}

interface Segment {
  items: TextItem[];
  x0: number;
  x1: number;
}

/** A gap wider than this many font sizes separates segments of a row (column gutter, table cells). */
const SEGMENT_GAP = 1.0;

/**
 * Control characters (not whitespace), private-use code points and U+FFFD: what fonts without a usable encoding yield.
 */
export const UNREADABLE = /(?!\s)[\p{Cc}\p{Co}\uFFFD]/gu;

/** Normalises a line's text: NFKC (ligatures, full-width forms), no soft hyphens inside words, single spaces. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u00AD(?=\S)/g, '')
    .replace(/\u00AD/g, '-')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(UNREADABLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Spacing accents that TeX sets over (or under) a letter as a glyph of their own (\"a: ¨ over a), with the combining
 * mark each stands for.
 */
const ACCENTS: Record<string, string> = {
  '¨': '\u0308',
  '´': '\u0301',
  '`': '\u0300',
  ˆ: '\u0302',
  '˜': '\u0303',
  '¯': '\u0304',
  '˘': '\u0306',
  '˙': '\u0307',
  '˚': '\u030A',
  '˝': '\u030B',
  ˇ: '\u030C',
  '¸': '\u0327',
  '˛': '\u0328',
};

/** A spacing accent at the end of an item (TeX sets it before the letter it goes on). */
const SPACING_ACCENT_END = /([¨´ˆ˜¯˘˙˚˝ˇ¸˛])$/u;

/**
 * True when two items of a row overlap like text of two lines. An item
 * ending in an accent overlaps the letter the accent goes on ("…the na¨" |
 * "ıve version."), one starting with a cedilla the letter before it
 * ("Lourenc" | "¸o"): that is one line.
 */
function overlapsAsLines(a: TextItem, b: TextItem): boolean {
  if (b.x1 <= a.x0 + 1 || b.x0 >= a.x1 - 1 || accentOf(a) !== null || accentOf(b) !== null) return false;
  const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const [first, second] = a.x0 <= b.x0 ? [a, b] : [b, a];
  const accentBetween = SPACING_ACCENT_END.test(first.str) || /^[¸˛]/u.test(second.str);
  return !(accentBetween && overlap <= Math.max(a.size, b.size) * 0.8);
}

/** The combining mark a lone accent item stands for, or null when the item is text. */
function accentOf(item: TextItem): string | null {
  const str = item.str.trim();
  if (Object.hasOwn(ACCENTS, str)) return ACCENTS[str]!;
  return /^\p{M}$/u.test(str) ? str : null;
}

/**
 * Puts each accent that is an item of its own onto the letter under it (a
 * hat over β in a formula → β̂): left alone, NFKC turns it into a space and a
 * loose mark. An accent over no letter (a tilde in a URL) stays as it is.
 */
function placeAccents(items: readonly TextItem[]): TextItem[] {
  if (!items.some((i) => accentOf(i) !== null)) return [...items];
  const letters = items.filter((i) => accentOf(i) === null).map((i) => ({ ...i }));
  const unplaced: TextItem[] = [];
  for (const accent of items.filter((i) => accentOf(i) !== null)) {
    const centre = (accent.x0 + accent.x1) / 2;
    const base = letters.find((i) => i.x0 <= centre && centre <= i.x1 && /\p{L}/u.test(i.str));
    if (base === undefined) {
      unplaced.push(accent);
      continue;
    }
    const chars = [...base.str];
    const at = Math.min(
      chars.length - 1,
      Math.max(0, Math.floor(((centre - base.x0) / Math.max(base.x1 - base.x0, 0.01)) * chars.length)),
    );
    // TeX puts accents over a dotless i (\"\i): with its mark it is an ordinary i.
    chars[at] = `${chars[at] === 'ı' ? 'i' : chars[at]}${accentOf(accent)}`;
    base.str = chars.join('');
  }
  return [...letters, ...unplaced].sort((a, b) => a.x0 - b.x0);
}

/**
 * Groups items into rows: first the text of ordinary size, by vertical
 * centre within a row's band (lines of two columns at the same height share
 * a row and are told apart by the gutter later); then superscripts and
 * subscripts join the row whose text they touch.
 */
function rowsOf(items: readonly TextItem[]): Row[] {
  const typical = median(items.map((i) => i.size));
  const byCentre = (list: readonly TextItem[]): TextItem[] =>
    [...list].sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  const rows = bandRows(byCentre(items.filter((i) => i.size >= typical * 0.8)));
  const loose: TextItem[] = [];
  for (const item of items.filter((i) => i.size < typical * 0.8)) {
    const centre = (item.top + item.bottom) / 2;
    let best: { row: Row; distance: number } | null = null;
    for (const row of rows) {
      const reach = (row.bottom - row.top) * 0.4;
      if (centre < row.top - reach || centre > row.bottom + reach) continue;
      const distance = Math.min(...row.items.map((i) => Math.max(0, item.x0 - i.x1, i.x0 - item.x1)));
      if (distance <= row.size * 0.5 && (best === null || distance < best.distance)) best = { row, distance };
    }
    if (best !== null) best.row.items.push(item);
    else loose.push(item);
  }
  // Small type that touches no line (footnotes, figure labels) makes rows of its own.
  const all = [...rows, ...bandRows(byCentre(loose))];
  for (const row of all) row.items.sort((a, b) => a.x0 - b.x0);
  return all.sort((a, b) => a.top - b.top);
}

function bandRows(sorted: readonly TextItem[]): Row[] {
  const rows: Row[] = [];
  for (const item of sorted) {
    const centre = (item.top + item.bottom) / 2;
    // Text of one line never overlaps itself: an item over another one's x-range belongs to another line (an accent
    // over its letter aside).
    const row = rows
      .slice(-4)
      .filter((r) => centre >= r.top && centre <= r.bottom && r.items.every((i) => !overlapsAsLines(i, item)))
      .sort((a, b) => Math.abs(a.top + a.bottom - 2 * centre) - Math.abs(b.top + b.bottom - 2 * centre))[0];
    if (row === undefined) rows.push({ items: [item], top: item.top, bottom: item.bottom, size: item.size });
    else {
      row.items.push(item);
      row.top = Math.min(row.top, item.top);
      row.bottom = Math.max(row.bottom, item.bottom);
      row.size = Math.max(row.size, item.size);
    }
  }
  return rows;
}

function segmentsOf(row: Row): Segment[] {
  const segments: Segment[] = [];
  for (const item of row.items) {
    const last = segments.at(-1);
    if (last !== undefined && item.x0 - last.x1 <= SEGMENT_GAP * Math.max(item.size, row.size * 0.5)) {
      last.items.push(item);
      last.x1 = Math.max(last.x1, item.x1);
    } else segments.push({ items: [item], x0: item.x0, x1: item.x1 });
  }
  return segments;
}

/**
 * The x of a two-column page's gutter: the position in the middle band of the
 * page that the fewest rows cross while many rows have text on each side of
 * it. Null for single-column pages. Full-width rows (title, wide figures)
 * cross it and are few.
 */

export function findGutter(rows: readonly Segment[][], width: number): number | null {
  if (rows.length < 6) return null;
  let best: { x: number; crossing: number; both: number } | null = null;
  const scores: { x: number; crossing: number; left: number; right: number; both: number }[] = [];
  for (let x = width * 0.3; x <= width * 0.7; x += 2) {
    let crossing = 0;
    let left = 0;
    let right = 0;
    let both = 0;
    for (const segments of rows) {
      const crosses = segments.some((s) => s.x0 < x - 2 && s.x1 > x + 2);
      if (crosses) {
        crossing += 1;
        continue;
      }
      const l = segments.some((s) => s.x1 <= x + 2);
      const r = segments.some((s) => s.x0 >= x - 2);
      if (l) left += 1;
      if (r) right += 1;
      if (l && r) both += 1;
    }
    scores.push({ x, crossing, left, right, both });
    if (best === null || crossing < best.crossing || (crossing === best.crossing && both > best.both))
      best = { x, crossing, both };
  }
  if (best === null) return null;
  const at = scores.filter((s) => s.crossing === best.crossing);
  const chosen = at[Math.floor(at.length / 2)]!;
  // Columns whose baselines never line up share no rows; then almost nothing may cross the gutter.
  const sideBySide = chosen.both >= rows.length * 0.1 || best.crossing <= rows.length * 0.1;
  const balanced = chosen.left >= rows.length * 0.3 && chosen.right >= rows.length * 0.3;
  // A last page whose second column is short (2304.02623's references): nothing crosses, and the short column stands
  // beside the long one.
  const shortColumn =
    best.crossing <= rows.length * 0.05 &&
    Math.min(chosen.left, chosen.right) >= 4 &&
    chosen.both >= Math.min(chosen.left, chosen.right) * 0.8;
  const ok = best.crossing <= rows.length * 0.35 && ((balanced && sideBySide) || shortColumn);
  if (!ok) return null;
  // Centre the gutter in the widest run of equally good positions next to the chosen one.
  const run = at.filter((s) => Math.abs(s.x - chosen.x) < width * 0.1);
  return (run[0]!.x + run.at(-1)!.x) / 2;
}

/** Joins items left to right, adding a space where the gap between them is wider than a thin space. */
function joinItems(items: readonly TextItem[]): string {
  let text = '';
  let lastX1 = -Infinity;
  for (const item of placeAccents(items)) {
    const gap = item.x0 - lastX1;
    let str = item.str;
    // An accent that ends the text so far and overlaps this item's first letter is that letter's: TeX draws it first
    // ("na¨" | "ıve").
    const accent = SPACING_ACCENT_END.exec(text);
    if (accent !== null && gap < -0.5 && /^\p{L}/u.test(str)) {
      const [letter, ...rest] = [...str];
      text = text.slice(0, -accent[0].length);
      // Over a capital pdf.js may see a space before the accent inside a word of capitals ("GR ¨" | "AF"); a word's own
      // space stays ("MLE ˆ" | "α").
      if (/\p{Lu} $/u.test(text) && /^\p{Lu}/u.test(letter!)) text = text.slice(0, -1);
      str = `${letter === 'ı' ? 'i' : letter!}${ACCENTS[accent[1]!]!}${rest.join('')}`;
    } else if (text !== '' && gap > item.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(str)) text += ' ';
    text += str;
    lastX1 = Math.max(lastX1, item.x1);
  }
  // A cedilla or ogonek drawn after its letter within one item ("Lourenc¸o").
  return cleanText(
    text.replace(/(\p{L})\s?([¸˛])/gu, (_, letter: string, mark: string) => `${letter}${ACCENTS[mark]!}`),
  );
}

function lineOf(segments: readonly Segment[], row: Row, column: Column): Line {
  const items = segments.flatMap((s) => s.items);
  const size = median(items.map((i) => i.size));
  return {
    text: joinItems(items),
    parts: segments.map((s) => joinItems(s.items)).filter((p) => p !== ''),
    x0: Math.min(...segments.map((s) => s.x0)),
    x1: Math.max(...segments.map((s) => s.x1)),
    top: Math.min(...items.filter((i) => i.size >= size * 0.8).map((i) => i.top)),
    bottom: Math.max(...items.filter((i) => i.size >= size * 0.8).map((i) => i.bottom)),
    size,
    column,
    blockStart: false,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The page's lines in reading order. On a two-column page full-width rows
 * (title, authors, wide figures) cut the page into bands; within a band the
 * left column is read before the right one.
 */
export function layoutPage(items: readonly TextItem[], width: number, height: number): Line[] {
  const rows = rowsOf(items.filter((i) => i.str.trim() !== ''));
  const segmented = rows.map(segmentsOf);
  const gutter = findGutter(segmented, width);
  const ordered: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flush = (): void => {
    ordered.push(...left, ...right);
    left = [];
    right = [];
  };
  rows.forEach((row, i) => {
    const segments = segmented[i]!;
    if (gutter === null) {
      ordered.push(lineOf(segments, row, 'span'));
      return;
    }
    if (segments.some((s) => s.x0 < gutter - 2 && s.x1 > gutter + 2)) {
      flush();
      ordered.push(lineOf(segments, row, 'span'));
      return;
    }
    const l = segments.filter((s) => s.x1 <= gutter + 2);
    const r = segments.filter((s) => s.x0 >= gutter - 2 && s.x1 > gutter + 2);
    if (l.length > 0) left.push(lineOf(l, row, 'left'));
    if (r.length > 0) right.push(lineOf(r, row, 'right'));
  });
  flush();
  const lines = ordered.filter((l) => l.text !== '');
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    line.blockStart =
      prev === undefined ||
      prev.column !== line.column ||
      line.top < prev.top ||
      line.top - prev.bottom > 0.8 * Math.min(line.size, prev.size) ||
      Math.abs(line.size - prev.size) > 1;
  });
  return footnotesLast(lines, height);
}

/** "1 See…", "*Corresponding author": a footnote's first line. */
const FOOTNOTE = /^(?:\d{1,2}|[*†‡§¶∗])\s*\p{L}/u;

/**
 * Moves footnotes and boxed notes (copyright and permission blocks) to the
 * end of the page: blocks in small type in the lower half that start with a
 * footnote marker or end their column. The text they interrupt at the foot
 * of a column then runs on into the next column.
 */
function footnotesLast(lines: readonly Line[], height: number): Line[] {
  const typical = median(lines.map((l) => l.size));
  const blocks: Line[][] = [];
  for (const line of lines) {
    if (line.blockStart || blocks.length === 0) blocks.push([]);
    blocks.at(-1)!.push(line);
  }
  const body: Line[] = [];
  const notes: Line[] = [];
  blocks.forEach((block, i) => {
    const first = block[0]!;
    const next = blocks[i + 1]?.[0];
    const small = block.every((l) => l.size < typical * 0.9) && first.top > height * 0.5;
    const endsColumn =
      next === undefined ? first.column !== 'span' : next.column !== first.column || next.top < first.top;
    (small && (FOOTNOTE.test(first.text) || endsColumn) ? notes : body).push(...block);
  });
  return [...body, ...notes];
}
