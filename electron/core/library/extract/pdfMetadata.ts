import type { ExtractedMetadata } from '../types.js';
import { normalizeDoi, parseYear, titleKey } from '../normalize.js';
import type { Line } from './layout.js';
import type { Section } from './structure.js';

/** What a PDF says about itself: its info dictionary and XMP packet (as pdf.js reads them). */
export interface EmbeddedMetadata {
  info: Record<string, unknown>;
  xmp: { get(name: string): unknown } | null;
}

/** Info-dict titles that are file names, templates or placeholders (all seen in real papers). */
const JUNK_TITLE =
  /\.(qxd|docx?|dvi|tex|pdf|indd|ps|eps|rtf|odt)\b|^untitled|no job name|paper title|use style|^microsoft word|^title$|^document\d*$|^slide \d|\\|\[width=|^\s*$/i;
/** Lines at the top of a first page that name the venue, not the paper. */
const VENUE =
  /journal|proceedings|volume|\bvol\.|issn|arxiv|preprint|conference|workshop|symposium|manuscript no|contributed research|research articles|review \d|doi:|https?:|©|copyright/i;
/** Author lines end where affiliations and addresses begin. */
const AFFILIATION =
  /@|universit|institut|department|dept\.|school|laborator|\blab\b|\binc\b|corporation|college|cent(er|re)\b|research|faculty|academy|project|musicale|gmbh|ltd|\busa\b|\buk\b|germany|france|china|australia|canada|street|road|\bave\b|e-?mail|https?:|www\.|\d{3,}/i;
const NAME_TOKEN = /^(\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|von|van|de|der|den|la|le|di|da|del|du|dos|y|bin|al)$/u;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || null;
  if (Array.isArray(value)) return value.map(String).join('; ') || null;
  return null;
}

/**
 * An author field: a line break or a wide gap inside one XMP creator separates two names (2304.02623: "Jonathan
 * Bragg\nJeff Hammerbacher").
 */
function authorText(value: unknown): string | null {
  const names = (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []).flatMap((v) =>
    v.split(/\s*\n\s*|\s{2,}/),
  );
  return text(names.map((n) => n.trim()).filter((n) => n !== ''));
}

/** Template DOIs that JSS's LaTeX class prints until the journal assigns the real one. */
const PLACEHOLDER_DOI = /\.v000\.i00$|^10\.0+\//;

function realDoi(value: string | null): string | null {
  const doi = normalizeDoi(value);
  return doi === null || PLACEHOLDER_DOI.test(doi) ? null : doi;
}

export function isJunkTitle(title: string): boolean {
  return JUNK_TITLE.test(title) || title.length < 4 || !/\p{L}{3}/u.test(title);
}

/** "LÁSZLÓ NÉMETH" → "László Németh", "Fons ADRIAENSEN" → "Fons Adriaensen"; initials ("P.J.") and mixed case stay. */
function nameCase(name: string): string {
  return name
    .split(' ')
    .map((t) =>
      t.length > 2 && t === t.toUpperCase() && !t.includes('.') ? t.charAt(0) + t.slice(1).toLowerCase() : t,
    )
    .join(' ');
}

/** The plausible personal names in an author line ("A. Smith1, B. Jones* and C. Wu†"). */
export function namesIn(line: string): string[] {
  // An author's e-mail beside the name ("David Gibson <dwg@au1.ibm.com>") and R Journal's "by" are not the affiliation
  // or the name.
  const named = line.replace(/<[^<>\s]+@[^<>\s]+>|\S+@\S+\.\S+/g, ' ').replace(/^\s*by\s+/, '');
  if (AFFILIATION.test(named)) return [];
  return (
    named
      // Affiliation marks after a name: digits, daggers, Greek letters, symbols ("Krishna♠", "Bransom♢").
      .replace(/(?<=\p{L})[\d*†‡§¶∗⋆+#$\p{Script=Greek}\p{So}\p{Sm}]+(?=[\s,;]|$)/gu, ' ')
      // A mark set apart from its name: "M. R. Flax *, E. Ambikairajah +" (Flax 2000), "Kalpesh Krishna♠ ∗".
      .replace(/(^|\s)[\d*†‡§¶∗⋆+\p{So}\p{Sm}]+(?=[\s,;]|$)/gu, ' ')
      .split(/\s*(?:,|;|&|\band\b|\s{2,})\s*/)
      .map((n) => n.replace(/\s+/g, ' ').trim())
      .filter((n) => {
        const tokens = n.split(' ');
        return (
          tokens.length >= 2 &&
          tokens.length <= 5 &&
          tokens.every((t) => NAME_TOKEN.test(t)) &&
          /^\p{Lu}/u.test(n) &&
          /\p{Ll}|\p{Lu}{2}/u.test(n)
        );
      })
      .map(nameCase)
  );
}

function splitAuthors(value: string | null): string[] {
  if (value === null) return [];
  const names = value
    .split(/\s*(?:;|,|\band\b|&)\s*/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const plausible =
    names.length > 0 &&
    names.every((n) => n.split(' ').length >= 2 && n.split(' ').length <= 5 && !/[\d@[\]{}\\]/.test(n));
  return plausible ? names.map(nameCase) : [];
}

/**
 * The title from the first page's layout: the topmost line above the
 * abstract (and above the authors' e-mail addresses: a figure label in large
 * type can sit between them) set in (nearly) the largest type there, skipping
 * venue lines and one-word logos, with the lines below it set the same size.
 * Returns where the title ends too, since the authors come right after.
 */
function layoutTitle(lines: readonly Line[], height: number): { title: string; last: number } | null {
  const abstractAt = lines.findIndex((l) => /^(abstract|introduction|\d\.?\s+introduction)\b/i.test(l.text));
  const emailAt = lines.findIndex((l) => /[\w}.-]@[\w-]+\.\w/.test(l.text));
  const frontEnd = Math.min(...[abstractAt, emailAt].filter((i) => i >= 0), lines.length);
  const top = lines
    .map((line, index) => ({ line, index }))
    .filter(
      ({ line, index }) =>
        index < frontEnd && line.top < height * 0.6 && /\p{L}{2}/u.test(line.text) && !VENUE.test(line.text),
    );
  const largest = Math.max(0, ...top.map((t) => t.line.size));
  for (const first of top.filter((t) => t.line.size >= largest * 0.8).sort((a, b) => a.line.top - b.line.top)) {
    const size = first.line.size;
    const group = [first];
    for (const t of top.filter((t) => t.index > first.index)) {
      const prev = group.at(-1)!.line;
      if (Math.abs(t.line.size - size) > 0.5 || t.line.top - prev.bottom > size * 1.2 || t.line.top < prev.top) break;
      group.push(t);
    }
    const title = group
      .map((t) => t.line.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .replace(/^(.*)-\s(\p{Ll})/u, '$1$2')
      // A footnote mark after the title ("… Arabic texts∗") is not part of it.
      .replace(/\s*[*∗†‡§¶⋆]+$/u, '')
      .trim();
    if (title.split(' ').length >= 2 && title.length >= 8 && title.length <= 300)
      return { title, last: group.at(-1)!.index };
  }
  return null;
}

/**
 * A given name left at the end of an author line, its surname on the next ("…, Aditi Seshadri,‡ and Andrew" / "D.
 * White∗,‡").
 */
const GIVEN_NAME_LEFT = /(?:,\S*|\band)\s+(\p{Lu}\p{Ll}+)$/u;

/**
 * Author names from the lines under the title, up to the abstract or the
 * first run of prose. A row of a name/affiliation grid with an affiliation in
 * it is all affiliations ("Debian Project   R Enthusiasts"), and so is the
 * line it runs on into ("University of California," / "Los Angeles").
 */
function layoutAuthors(lines: readonly Line[], after: number): string[] {
  const authors: string[] = [];
  let affiliationRow = false;
  let given = '';
  for (const line of lines.slice(after + 1, after + 9)) {
    if (/^abstract\b/i.test(line.text) || line.text.split(' ').length > 16) break;
    const continues: boolean = affiliationRow && !line.blockStart;
    affiliationRow = continues || (line.parts.length > 1 && line.parts.some((p) => AFFILIATION.test(p)));
    const parts = affiliationRow ? [] : line.parts.map((p, i) => (i === 0 && given !== '' ? `${given} ${p}` : p));
    given = affiliationRow ? '' : (GIVEN_NAME_LEFT.exec(line.text)?.[1] ?? '');
    const found = parts.flatMap(namesIn);
    if (found.length === 0 && authors.length > 0 && !affiliationRow && !AFFILIATION.test(line.text)) break;
    for (const name of found) if (!authors.includes(name)) authors.push(name);
  }
  return authors;
}

/**
 * Where a first page prints its year: venue, copyright and date lines. Month
 * names count capitalised and not as a cited author ("may" in prose, "(August
 * et al., 2023)" are no dates); "(c)" only before a year ("(c) Bayesian…").
 */
const DATED_WORDS =
  /\b(journal|proceedings|volume|vol\.|conference|workshop|symposium|review|copyright|published|received|accepted|preprint|arxiv)\b|©|\(c\) ?(19|20)\d\d/i;
const MONTH =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)(?!\p{L}|\s+et al)/u;
const isDated = (line: string): boolean => DATED_WORDS.test(line) || MONTH.test(line);

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
    for (const m of line.text.matchAll(/(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])/g)) {
      const year = Number(m[1]);
      if (year <= now) counts.set(year, (counts.get(year) ?? 0) + (dated ? 2 : 1));
    }
  });
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? null;
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
    s.lines.flatMap((l) => [...l.text.matchAll(/(?<![\d.])(19[5-9]\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1]))),
  );
  const newest = Math.max(0, ...cited.filter((y) => y <= fileYear));
  return newest > 0 && fileYear - newest > CITATION_LAG;
}

/**
 * Title, authors, year, DOI and abstract: from the first page's layout, the
 * info dictionary and XMP, each checked against the others. An embedded title
 * is used only when it is not junk and the first page prints it; embedded
 * authors only when they look like names.
 */
export function documentMetadata(
  firstPage: { lines: Line[]; printed?: Line[]; height: number; text: string } | null,
  sections: readonly Section[],
  embedded: EmbeddedMetadata,
): ExtractedMetadata {
  const meta: ExtractedMetadata = { title: null, authors: [], year: null, doi: null, abstract: null, sources: {} };
  const lines = firstPage?.lines ?? [];
  const pageKey = titleKey(firstPage?.text ?? '');
  const xmpTitle = text(embedded.xmp?.get('dc:title'));
  const infoTitle = text(embedded.info.Title);
  const layout = firstPage === null ? null : layoutTitle(lines, firstPage.height);
  const printed = (t: string | null): boolean =>
    t !== null && !isJunkTitle(t) && titleKey(t).length >= 8 && pageKey.includes(titleKey(t));
  if (printed(xmpTitle)) [meta.title, meta.sources.title] = [xmpTitle, 'xmp'];
  else if (printed(infoTitle)) [meta.title, meta.sources.title] = [infoTitle, 'info'];
  else if (layout !== null) [meta.title, meta.sources.title] = [layout.title, 'layout'];
  else if (infoTitle !== null && !isJunkTitle(infoTitle)) [meta.title, meta.sources.title] = [infoTitle, 'info'];

  const xmpAuthors = splitAuthors(authorText(embedded.xmp?.get('dc:creator')));
  const infoAuthors = splitAuthors(authorText(embedded.info.Author));
  const layoutNames = layout === null ? [] : layoutAuthors(lines, layout.last);
  if (xmpAuthors.length > 0) [meta.authors, meta.sources.authors] = [xmpAuthors, 'xmp'];
  else if (infoAuthors.length > 0) [meta.authors, meta.sources.authors] = [infoAuthors, 'info'];
  else if (layoutNames.length > 0) [meta.authors, meta.sources.authors] = [layoutNames, 'layout'];

  const year = layoutYear(firstPage?.printed ?? lines);
  // The info dict's dates are PDF dates, "D:20231109210055Z": the year is their first four digits.
  const embeddedYear = parseYear(
    text(embedded.xmp?.get('xmp:createdate')) ??
      text(embedded.info.CreationDate)?.replace(/^D:(\d{4}).*/, '$1') ??
      null,
  );
  if (year !== null) [meta.year, meta.sources.year] = [year, 'layout'];
  else if (embeddedYear !== null && !rebuilt(embeddedYear, sections))
    [meta.year, meta.sources.year] = [embeddedYear, embedded.xmp?.get('xmp:createdate') ? 'xmp' : 'info'];

  const doi = realDoi(firstPage?.text ?? null);
  const xmpDoi = realDoi(text(embedded.xmp?.get('prism:doi')) ?? text(embedded.xmp?.get('dc:identifier')));
  const infoDoi = realDoi(text(embedded.info.doi) ?? text(embedded.info.Subject));
  if (doi !== null) [meta.doi, meta.sources.doi] = [doi, 'text'];
  else if (xmpDoi !== null) [meta.doi, meta.sources.doi] = [xmpDoi, 'xmp'];
  else if (infoDoi !== null) [meta.doi, meta.sources.doi] = [infoDoi, 'info'];

  const abstract = sections.find((s) => s.kind === 'abstract');
  if (abstract !== undefined) {
    const body = abstract.lines
      .map((l) => l.text)
      .join(' ')
      .replace(/^abstract\s*[-—–:.]?\s*/i, '')
      .replace(/(\p{L})- (\p{Ll})/gu, '$1$2')
      .trim();
    if (body.split(' ').length >= 10) [meta.abstract, meta.sources.abstract] = [body.slice(0, 4000), 'layout'];
  }
  return meta;
}
