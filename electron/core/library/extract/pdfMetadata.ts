import { noMetadata, type ExtractedMetadata } from '../types.js';
import { normalizeDoi, parseYear, titleKey } from '../normalize.js';
import type { Line } from './layout.js';
import { paperYear } from './paperYear.js';
import type { Section } from './structure.js';
import { printedVenue } from './venue.js';

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

/** Words a title in capitals keeps in lower case, unless they start it. */
const MINOR_WORDS = new Set(
  'a an and as at but by for from in into nor of on or over per the to via vs with within without'.split(' '),
);

/**
 * "IMPROVED AUDITORY MASKING MODELS" → "Improved Auditory Masking Models": a title of three words or more set all in
 * capitals (no lower-case letter in it) in title case, words with digits kept ("S2ORC"); any other title as it is.
 */
export function titleCase(title: string): string {
  if (/\p{Ll}/u.test(title) || (title.match(/\p{L}{2,}/gu) ?? []).length < 3) return title;
  let first = true;
  return title.replace(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu, (word) => {
    const lower = word.toLowerCase();
    const minor = !first && MINOR_WORDS.has(lower);
    first = false;
    if (/\p{N}/u.test(word) || minor) return minor ? lower : word;
    return lower.charAt(0).toUpperCase() + lower.slice(1);
  });
}

/** The first page: its lines (running heads gone), as printed, its text and what its margins print sideways. */
export interface FirstPage {
  lines: Line[];
  printed?: Line[];
  height: number;
  text: string;
  stamps?: string[];
}

/**
 * Title, authors, year, venue, DOI and abstract: from the first page's
 * layout, the info dictionary and XMP, each checked against the others. An
 * embedded title is used only when it is not junk and the first page prints
 * it; embedded authors only when they look like names.
 */
export function documentMetadata(
  firstPage: FirstPage | null,
  sections: readonly Section[],
  embedded: EmbeddedMetadata,
): ExtractedMetadata {
  const meta = noMetadata();
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
  if (meta.title !== null) meta.title = titleCase(meta.title);

  const xmpAuthors = splitAuthors(authorText(embedded.xmp?.get('dc:creator')));
  const infoAuthors = splitAuthors(authorText(embedded.info.Author));
  const layoutNames = layout === null ? [] : layoutAuthors(lines, layout.last);
  if (xmpAuthors.length > 0) [meta.authors, meta.sources.authors] = [xmpAuthors, 'xmp'];
  else if (infoAuthors.length > 0) [meta.authors, meta.sources.authors] = [infoAuthors, 'info'];
  else if (layoutNames.length > 0) [meta.authors, meta.sources.authors] = [layoutNames, 'layout'];

  const venue = printedVenue(firstPage?.printed ?? lines, firstPage?.stamps);
  if (venue.venue !== null) [meta.venue, meta.sources.venue] = [venue.venue, 'layout'];
  if (venue.itemType !== null) [meta.itemType, meta.sources.itemType] = [venue.itemType, 'layout'];
  // The info dict's dates are PDF dates, "D:20231109210055Z": the year is their first four digits.
  const xmpYear = parseYear(text(embedded.xmp?.get('xmp:createdate')));
  const infoYear = parseYear(text(embedded.info.CreationDate)?.replace(/^D:(\d{4}).*/, '$1') ?? null);
  const year = paperYear({
    printed: firstPage?.printed ?? lines,
    sections,
    venue,
    title: meta.title,
    embedded:
      xmpYear !== null
        ? { year: xmpYear, source: 'xmp' }
        : infoYear !== null
          ? { year: infoYear, source: 'info' }
          : null,
  });
  if (year !== null) [meta.year, meta.sources.year] = [year.year, year.source];

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
