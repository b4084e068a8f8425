import type { OcrTextLine } from '../types.js';

/**
 * What OCR read on a scanned page, line by line, and which of it is prose.
 * Tesseract reads every mark on a page: axis labels, plot titles, diagram
 * boxes, table rules and specks in the margin come out as "lines" too.
 * Measured on the corpus's scans (Flax 2000, TAMReview), they differ from
 * the text in their confidence, in how much of them is words, in rules and
 * bars between table cells, and in wide gaps between boxes of a diagram.
 */

/** A recognised word, its box in PDF points from the page's top-left corner. */
export interface OcrWord {
  text: string;
  x0: number;
  x1: number;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
}

export interface OcrLine {
  words: OcrWord[];
  top: number;
  bottom: number;
  /** Text height in points (Tesseract's row height). */
  size: number;
  confidence: number;
}

/** Below this line confidence, what OCR read is noise (figure marks, equations read as letters). */
const MIN_CONFIDENCE = 60;
/** Lines with a smaller share of word-like tokens are not prose. */
const MIN_WORD_SHARE = 0.5;
/** Under this confidence a line with wide gaps between its words is labels side by side (a plot's titles). */
const SURE_CONFIDENCE = 75;
/** A gap wider than this many line heights separates boxes of a diagram or cells of a table, not words. */
const WIDE_GAP = 2.5;
/** Pieces of a line between wide gaps with at most this many words each are a diagram's boxes, not a table's prose. */
const LABEL_WORDS = 3;
/** A word in the margin (a speck, a tab of the scanned sheet) this far from the line and this unsure is not text. */
const MARGIN_GAP = 3;
const MARGIN_CONFIDENCE = 70;

/**
 * Marks that stand between words in prose ("Flax *, Holmes +", "R & D", "a — b") and count neither way; so do arrows
 * ("x > 0", and a diagram's "System Features > User's Motivation", where the boxes they join count as labels).
 */
const MARK = /^[*+&†‡§¶•·—–\-<>→←⇒]$/u;

/**
 * A word (an initial "M." or a name with digits like "ICASSP98" included), a number, or one of the one-letter words,
 * once surrounding punctuation is stripped.
 */
function wordLike(text: string): boolean {
  const token = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (/^\p{N}+([.,:/-]\p{N}+)*%?$/u.test(token)) return true;
  if (/^\p{Lu}$/u.test(token) && /^\p{Lu}\.,?$/u.test(text)) return true;
  if (/^\p{L}{2,}\p{N}+$|^\p{N}+\p{L}{1,2}$/u.test(token)) return true;
  if (!/^\p{L}+(['’-]\p{L}+)*$/u.test(token)) return false;
  return token.length === 1 ? /^[aAI]$/.test(token) : /[aeiouyAEIOUY\u00C0-\u024F]/u.test(token);
}

/** Tokens that are only the rules and brackets OCR reads off a table's grid. */
const RULE = /^[|[\]{}()_—–-]+$/u;
/** A bar standing alone: prose has none; a table's column rule reads as one. */
const BAR = /^[[\]]?\|{1,2}[[\]]?$/u;

/** Where the page's text lines end on the right: most lines end at the column's edge. */
function rightEdge(lines: readonly OcrLine[]): number {
  const ends = lines
    .filter((l) => l.words.length >= 4)
    .map((l) => l.words.at(-1)!.x1)
    .sort((a, b) => a - b);
  return ends[Math.floor(ends.length / 2)] ?? Infinity;
}

/**
 * The line without words that sit in the margin apart from it (the scanned sheet's tab, specks: "… Theory of" +
 * "Lo)"): far from the line and unsure, or beyond the edge where the page's lines end.
 */
function withoutMarginSpecks(line: OcrLine, edge: number): OcrLine {
  const words = [...line.words];
  const far = (a: OcrWord, b: OcrWord): boolean => b.x0 - a.x1 > MARGIN_GAP * line.size;
  const speck = (w: OcrWord): boolean => w.confidence < MARGIN_CONFIDENCE || w.x0 > edge + line.size;
  while (words.length > 1 && speck(words.at(-1)!) && far(words.at(-2)!, words.at(-1)!)) words.pop();
  while (words.length > 1 && words[0]!.confidence < MARGIN_CONFIDENCE && far(words[0]!, words[1]!)) words.shift();
  if (words.length === line.words.length) return line;
  // The line's confidence is its words' once the specks, which dragged it down, are gone.
  return { ...line, words, confidence: words.reduce((sum, w) => sum + w.confidence, 0) / words.length };
}

/** Why a line is not prose, or null when it is. */
function noiseReason(line: OcrLine): string | null {
  const words = line.words.filter((w) => w.text.trim() !== '');
  if (words.length === 0) return 'empty';
  if (line.confidence < MIN_CONFIDENCE) return 'unsure';
  const counted = words.filter((w) => !MARK.test(w.text));
  if (counted.filter((w) => wordLike(w.text)).length < Math.max(1, counted.length * MIN_WORD_SHARE)) return 'not words';
  if (words.some((w) => BAR.test(w.text)) || words.filter((w) => RULE.test(w.text)).length >= 2) return 'table rules';
  // Pieces between wide gaps; a list's number before its item ("6   Electronic mail enables…") is no gap.
  const pieces: OcrWord[][] = [[words[0]!]];
  words.slice(1).forEach((w, i) => {
    const wide = w.x0 - words[i]!.x1 > WIDE_GAP * line.size && !(i === 0 && /^\d{1,2}[.)]?$/.test(words[0]!.text));
    if (wide) pieces.push([w]);
    else pieces.at(-1)!.push(w);
  });
  const labels = pieces.every((p) => p.filter((w) => !MARK.test(w.text)).length <= LABEL_WORDS);
  if (pieces.length > 1 && (line.confidence < SURE_CONFIDENCE || labels)) return 'labels apart';
  return null;
}

/** A line of at most this many words, in type this much smaller than the page's, may be a label in a drawing. */
const LABEL_LINE_WORDS = 3;
const LABEL_SIZE = 0.9;

/**
 * A page's lines, each with the specks beside it in the margin trimmed off and why it is not prose (null: it is). A
 * diagram's boxes read one per line ("Perceived" / "Usefulness") are short lines in small type next to other noise or
 * to each other; a footnote's last line stands next to its prose and stays.
 */
export function judgeLines(lines: readonly OcrLine[]): { line: OcrLine; noise: string | null }[] {
  const edge = rightEdge(lines);
  const judged = lines.map((line) => {
    const trimmed = withoutMarginSpecks(line, edge);
    const inMargin = trimmed.words[0] !== undefined && trimmed.words[0].x0 > edge + trimmed.size;
    return { line: trimmed, noise: inMargin ? 'in the margin' : noiseReason(trimmed) };
  });
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const label = judged.map(
    (j) => j.noise === null && j.line.words.length <= LABEL_LINE_WORDS && j.line.size < body * LABEL_SIZE,
  );
  const unlikeProse = (i: number): boolean => judged[i] !== undefined && (judged[i]!.noise !== null || label[i]!);
  return judged.map((j, i) =>
    label[i] && (unlikeProse(i - 1) || unlikeProse(i + 1)) ? { ...j, noise: 'drawing label' } : j,
  );
}

/** Text heights within this share of the page's body height are the body's: OCR's row heights vary by a point. */
const SAME_SIZE = 0.15;

/**
 * The lines that are prose, specks in the margin trimmed off; the rest is left out of the page's text. Lines about
 * the body's height are given exactly its height, so that only type really set larger reads as a heading.
 */
export function proseLines(lines: readonly OcrLine[]): OcrLine[] {
  const prose = judgeLines(lines).flatMap((judged) => (judged.noise === null ? [judged.line] : []));
  const sizes = prose.map((l) => l.size).sort((a, b) => a - b);
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
  return prose.map((l) => (Math.abs(l.size - body) <= body * SAME_SIZE ? { ...l, size: body } : l));
}

const tenth = (v: number): number => Math.round(v * 10) / 10;

/** What the Reader needs of OCR's lines to lay their words over the scan: boxes to a tenth of a point. */
export function textLayerLines(lines: readonly OcrLine[]): OcrTextLine[] {
  return lines.map((l) => ({
    top: tenth(l.top),
    bottom: tenth(l.bottom),
    words: l.words.map((w) => ({ x0: tenth(w.x0), x1: tenth(w.x1), text: w.text })),
  }));
}
