import { titleKey } from '../normalize.js';
import type { Line } from './layout.js';
import type { Section } from './structure.js';
import type { PrintedVenue } from './venue.js';

/**
 * Where a first page prints its year: venue, copyright, date and citation
 * lines ("Reference: Chuttur M.Y. (2009)…", "SST-2000: 8th Aust. Int. Conf.").
 * Month names count capitalised and not as a cited author ("may" in prose,
 * "(August et al., 2023)" are no dates); "(c)" only before a year ("(c) Bayesian…").
 */
const DATED_WORDS =
  /\b(journal|proceedings|volume|vol\.|conference|workshop|symposium|review|copyright|published|received|accepted|preprint|arxiv)\b|\b(conf|proc|symp)\.|^(reference|citation|cite as)\s*:|©|\(c\) ?(19|20)\d\d/i;
const MONTH =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)(?!\p{L}|\s+et al)/u;
const isDated = (line: string): boolean => DATED_WORDS.test(line) || MONTH.test(line);
const YEAR = /(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])/g;

/**
 * A year printed on the first page: in the front matter (above the abstract)
 * or on a venue, copyright or date line (or the line such a line runs on
 * into: "…Journal of Statistical Soft-" / "ware, on Oct. 2015"), most
 * frequent first, then latest. Years in the body are citations and are not counted.
 */
function layoutYear(lines: readonly Line[]): number | null {
  const now = new Date().getUTCFullYear() + 1;
  const frontEnd = lines.findIndex((l) => /^(abstract|introduction|\d\.?\s+introduction)\b/i.test(l.text));
  const counts = new Map<number, number>();
  lines.forEach((line, i) => {
    const front = frontEnd < 0 || i < frontEnd;
    const previous = lines[i - 1]?.text ?? '';
    const dated = isDated(line.text) || (isDated(previous) && /[-,]$/.test(previous));
    if (!front && !dated) return;
    for (const m of line.text.replace(/ISSN\s*\S+/g, '').matchAll(YEAR)) {
      const year = Number(m[1]);
      if (year <= now) counts.set(year, (counts.get(year) ?? 0) + (dated ? 2 : 1));
    }
  });
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? null;
}

/**
 * The year of the paper's own entry in its reference list (a vignette that
 * cites the journal article it reproduces: "Eddelbuettel D, François R
 * (2011). “Rcpp: Seamless R and C++ Integration.” Journal of…").
 */
function selfCitationYear(sections: readonly Section[], title: string | null): number | null {
  const key = titleKey(title ?? '');
  if (key.length < 15) return null;
  const lines = sections.filter((s) => s.kind === 'references').flatMap((s) => s.lines.map((l) => l.text));
  for (let i = 0; i < lines.length; i++) {
    const entry = lines.slice(i, i + 4).join(' ');
    const at = titleKey(entry).indexOf(key);
    // The title starts within the entry's first line, after its authors and year.
    if (at < 0 || at > titleKey(lines[i]!).length) continue;
    const year = [...entry.matchAll(YEAR)].map((m) => Number(m[1]))[0];
    if (year !== undefined) return year;
  }
  return null;
}

const CITED_YEAR = /(?<![\d.])(19[5-9]\d|20\d\d)(?!\d)/g;

/**
 * What the year and the metadata read of a section: a reference list or an abstract whole, of any other section only
 * the lines naming a year (see rebuilt). A long document keeps this much of its sections, not all their lines.
 */
export function yearEvidence(section: Section): Section {
  if (section.kind === 'references' || section.kind === 'abstract') return section;
  return { ...section, lines: section.lines.filter((l) => l.text.search(CITED_YEAR) >= 0) };
}

/** Years after the newest citation within which a paper is published; a file made later is a rebuild. */
const CITATION_LAG = 5;

/**
 * True when the file was made years after the newest work the paper cites
 * (the 1990 CVS paper in a PDF made in 2023): its creation date is then
 * the rebuild's, not the paper's, and no year is better than that one.
 */
function rebuilt(fileYear: number, sections: readonly Section[]): boolean {
  const references = sections.filter((s) => s.kind === 'references');
  const cited = (references.length > 0 ? references : sections).flatMap((s) =>
    s.lines.flatMap((l) => [...l.text.matchAll(CITED_YEAR)].map((m) => Number(m[1]))),
  );
  const newest = Math.max(0, ...cited.filter((y) => y <= fileYear));
  return newest > 0 && fileYear - newest > CITATION_LAG;
}

export interface YearEvidence {
  /** Page 1 as printed, running heads and footers included. */
  printed: readonly Line[];
  sections: readonly Section[];
  venue: PrintedVenue;
  title: string | null;
  /** The XMP or info dictionary's creation year, and which of them. */
  embedded: { year: number; source: 'xmp' | 'info' } | null;
}

/**
 * The paper's year, most trusted first: printed on its first page (front
 * matter, venue and date lines, the venue's tag or arXiv's stamp), its own
 * entry in its reference list, then the file's creation date, unless the
 * file is a later rebuild: made years after its newest citation, or saying
 * the paper was published elsewhere (a vignette of a journal article).
 */
export function paperYear(e: YearEvidence): { year: number; source: 'layout' | 'text' | 'xmp' | 'info' } | null {
  const printed = layoutYear(e.printed) ?? e.venue.year;
  if (printed !== null) return { year: printed, source: 'layout' };
  const cited = selfCitationYear(e.sections, e.title);
  if (cited !== null) return { year: cited, source: 'text' };
  if (e.embedded === null || e.venue.publishedElsewhere || rebuilt(e.embedded.year, e.sections)) return null;
  return e.embedded;
}
