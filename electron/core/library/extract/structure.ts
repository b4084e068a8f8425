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

/**
 * Tallies the body text size — the size most of the text is set in, weighted by characters, the size seen first
 * winning a tie — from lines given in any order, each with its place in the document.
 */
export class SizeTally {
  private readonly weight = new Map<number, { chars: number; first: number }>();

  add(line: { size: number; text: string }, place: number): void {
    const size = Math.round(line.size * 2) / 2;
    const seen = this.weight.get(size);
    if (seen === undefined) this.weight.set(size, { chars: line.text.length, first: place });
    else {
      seen.chars += line.text.length;
      seen.first = Math.min(seen.first, place);
    }
  }

  body(): number {
    const sizes = [...this.weight.entries()].sort((a, b) => b[1].chars - a[1].chars || a[1].first - b[1].first);
    return sizes[0]?.[0] ?? 10;
  }
}

/** The body text size of lines in document order. */
export function bodySize(lines: readonly PageLine[]): number {
  const tally = new SizeTally();
  lines.forEach((line, i) => tally.add(line, i));
  return tally.body();
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
 * heading, later headings start appendices. Lines come one at a time, in
 * document order; each section is handed on, in order, once no later line can
 * belong to it, so a long document's lines need not all be kept.
 */
export class SectionFinder {
  private readonly ctx: Context;
  private readonly open: Section[];
  private current: Section = { heading: '', kind: 'front', lines: [] };
  private caption: Section | null = null;
  private pending: PageLine | null = null;

  constructor(
    body: number,
    private readonly emit: (sections: Section[]) => void,
  ) {
    this.ctx = { body, inReferences: false, inFront: true };
    this.open = [this.current];
  }

  push(line: PageLine): void {
    if (this.pending !== null) this.step(this.pending, line);
    this.pending = line;
  }

  end(): void {
    if (this.pending !== null) this.step(this.pending, undefined);
    this.pending = null;
    this.flush(true);
  }

  /** Hands on the sections, oldest first, up to the first one that may still grow (all of them at the end). */
  private flush(all = false): void {
    let done = 0;
    const growing = (s: Section): boolean => !all && (s === this.current || s === this.caption);
    while (done < this.open.length && !growing(this.open[done]!)) done += 1;
    if (done === 0) return;
    const closed = this.open.splice(0, done).filter((s) => s.lines.length > 0);
    if (closed.length > 0) this.emit(closed);
  }

  private start(heading: string, kind: SectionKind): void {
    this.current = { heading, kind, lines: [] };
    this.open.push(this.current);
  }

  /** Starts the section a heading line opens; the line is its own first line (run-in abstracts keep their text). */
  private openAt(heading: string, line: PageLine): void {
    const ctx = this.ctx;
    let kind = sectionKind(heading);
    if (ctx.inReferences && kind === 'body') kind = 'appendix';
    ctx.inReferences ||= kind === 'references';
    ctx.inFront = false;
    this.start(heading, kind);
    this.current.lines.push(line);
  }

  private step(line: PageLine, next: PageLine | undefined): void {
    this.place(line, next);
    this.flush();
  }

  private place(line: PageLine, next: PageLine | undefined): void {
    const ctx = this.ctx;
    if (line.blockStart) {
      this.caption = null;
      const alone = next === undefined || next.blockStart || next.page !== line.page;
      const heading = RUN_IN_ABSTRACT.test(line.text) ? 'Abstract' : headingOf(line, alone, ctx);
      if (heading !== null) return this.openAt(heading, line);
      if (CAPTION.test(line.text) && !ctx.inReferences) {
        this.caption = { heading: this.current.heading, kind: 'caption', lines: [] };
        this.open.push(this.caption);
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
      this.caption = null;
      return this.openAt(line.text.replace(/[.:]$/, ''), line);
    }
    if (this.current.kind === 'front' && line.page > 1) {
      ctx.inFront = false;
      this.start('', 'body');
    }
    (this.caption ?? this.current).lines.push(line);
  }
}

/** The sections of lines all at hand (see SectionFinder). */
export function findSections(lines: readonly PageLine[]): Section[] {
  const sections: Section[] = [];
  const finder = new SectionFinder(bodySize(lines), (closed) => sections.push(...closed));
  for (const line of lines) finder.push(line);
  finder.end();
  return sections;
}
