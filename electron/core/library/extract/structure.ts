import type { SectionKind } from '../types.js';
import { sectionKind } from './textDocuments.js';
import type { PageLine } from './pageText.js';

export interface Section {
  heading: string;
  kind: SectionKind;
  lines: PageLine[];
}

/** "3.2 Results", "IV. EVALUATION", "A Proofs": a number (arabic, roman or a letter) and a capitalised title. */
const NUMBERED =
  /^(\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,4}(?:\.\d{1,2}){0,2}|[A-H](?:\.\d{1,2}){0,3})(\.?)\s+(\p{Lu}.*)$/u;
/** Unnumbered headings common enough to trust at body size. */
const NAMED =
  /^(abstract|introduction|background|related work|method(s|ology)?|results|discussion|evaluation|conclusions?|summary|acknowledge?ments?|references|bibliography|works cited|literature cited|appendi(x|ces)(\s+[A-Z])?)[.:]?$/i;
/** "Figure 3:", "Fig. 2.", "Table 1 |", IEEE's "TABLE II". */
const CAPTION =
  /^(?:(?:fig(?:ure)?|table|tab|algorithm|listing)\.?\s*(?:\d+|[IVX]+)\s*[.:|—–-](?:\s|$)|TABLE\s+[IVX\d]+$)/i;
/** "Abstract—We…", "Abstract. We…", "Abstract: We…": a run-in abstract heading. */
const RUN_IN_ABSTRACT = /^abstract\s*[-—–:.]\s*\S/i;

/** The body text size: the size most of the text is set in (weighted by characters). */
export function bodySize(lines: readonly PageLine[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  return [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

interface Context {
  body: number;
  inReferences: boolean;
  inFront: boolean;
}

/**
 * A reference list heading run into its first entry ("REFERENCES[1] Griffin Adams…": ACM's heading shares a line with
 * small type).
 */
const RUN_IN_REFERENCES = /^(references|bibliography)\s*(?=\[1\]\s*\p{Lu})/iu;

/** The heading a block's first line makes, or null when it is ordinary text. */
function headingOf(line: PageLine, alone: boolean, ctx: Context): string | null {
  const text = line.text;
  const runIn = RUN_IN_REFERENCES.exec(text);
  if (runIn !== null) return runIn[1]!;
  const words = text.split(' ').length;
  if (words > 14 || text.length > 120 || !/\p{L}{2}/u.test(text)) return null;
  const larger = line.size > ctx.body + 0.3;
  if (NAMED.test(text) && words <= 4) return text.replace(/[.:]$/, '');
  const numbered = NUMBERED.exec(text);
  if (numbered !== null) {
    const [, number, dot, title] = numbered as unknown as [string, string, string, string];
    const letter = /^[A-H]/.test(number) && !/^[IVX]/.test(number);
    const looksLikeProse =
      /[,;]$/.test(title) ||
      /\.\s+\p{Lu}/u.test(title) ||
      (title.endsWith('.') && !larger) ||
      /\d+(\.\d+)?\s+\d/.test(title);
    if (looksLikeProse || line.size < ctx.body * 0.85) return null;
    if ((letter && !larger && dot === '') || (ctx.inReferences && !larger)) return null;
    if (alone || larger) return text;
    return null;
  }
  if (
    !ctx.inFront &&
    line.size >= ctx.body * 1.2 &&
    words <= 10 &&
    alone &&
    /^\p{Lu}/u.test(text) &&
    /\p{L}{3}/u.test(text)
  )
    return text;
  return null;
}

/**
 * Splits the document's lines into sections at headings (numbered, named or
 * set larger than the body text), classifying each by its heading; text
 * before the first heading on page 1 is front matter. Figure and table
 * captions become caption sections of their own; after a References
 * heading, later headings start appendices.
 */
export function findSections(lines: readonly PageLine[]): Section[] {
  const ctx: Context = { body: bodySize(lines), inReferences: false, inFront: true };
  const sections: Section[] = [];
  let current: Section = { heading: '', kind: 'front', lines: [] };
  let caption: Section | null = null;
  const start = (heading: string, kind: SectionKind): void => {
    current = { heading, kind, lines: [] };
    sections.push(current);
  };
  /** Starts the section a heading line opens; the line is its own first line (run-in abstracts keep their text). */
  const openAt = (heading: string, line: PageLine): void => {
    let kind = sectionKind(heading);
    if (ctx.inReferences && kind === 'body') kind = 'appendix';
    ctx.inReferences ||= kind === 'references';
    ctx.inFront = false;
    start(heading, kind);
    current.lines.push(line);
  };
  sections.push(current);
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (line.blockStart) {
      caption = null;
      const alone = next === undefined || next.blockStart || next.page !== line.page;
      const heading = RUN_IN_ABSTRACT.test(line.text) ? 'Abstract' : headingOf(line, alone, ctx);
      if (heading !== null) {
        openAt(heading, line);
        return;
      }
      if (CAPTION.test(line.text) && !ctx.inReferences) {
        caption = { heading: current.heading, kind: 'caption', lines: [] };
        sections.push(caption);
      }
    }
    // OCR can leave a heading at the end of the paragraph above it when it sees no gap between them ("… pitch
    // assessment,\nReferences"); a named heading alone on the last line of its block still starts a section.
    const endsBlock = next === undefined || next.blockStart || next.page !== line.page;
    if (
      !line.blockStart &&
      endsBlock &&
      /^\p{Lu}/u.test(line.text) &&
      NAMED.test(line.text) &&
      line.text.split(' ').length <= 4
    ) {
      caption = null;
      openAt(line.text.replace(/[.:]$/, ''), line);
      return;
    }
    if (current.kind === 'front' && line.page > 1) {
      ctx.inFront = false;
      start('', 'body');
    }
    (caption ?? current).lines.push(line);
  });
  return sections.filter((s) => s.lines.length > 0);
}
