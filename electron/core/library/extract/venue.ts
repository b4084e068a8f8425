import type { ItemType } from '../../../contract/ops/library.js';
import type { Line } from './layout.js';

/** Where a paper appeared, as its first page prints it. */
export interface PrintedVenue {
  venue: string | null;
  itemType: ItemType | null;
  /** A year the venue's own line prints ("PLDI’09, June 15–20, 2009", "SST-2000:"), if any. */
  year: number | null;
  /** The page says the paper was published elsewhere ("This vignette corresponds to the paper published in…"). */
  publishedElsewhere: boolean;
}

const MONTHS =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
/** Words that make a name a journal's or a conference's. */
const JOURNAL_WORD = /\b(journal|review|transactions|letters|annals|bulletin|magazine|quarterly|tugboat)\b/i;
const CONFERENCE_WORD =
  /\b(proceedings|conference|workshop|symposium|meeting|colloquium|congress)\b|\b(conf|proc|symp)\./i;
/** A capitalised name, its short connecting words included ("Journal of Statistical Software"). */
const NAME = String.raw`\p{Lu}[\p{L}&’'-]*(?:\s+(?:of|and|for|on|in|the|&|\p{Lu}[\p{L}&’'-]*))*`;

/** The first year a text prints, ISSNs and years still to come aside. */
const year4 = (text: string): number | null => {
  const now = new Date().getUTCFullYear() + 1;
  for (const m of text.replace(/ISSN\s*\S+/g, '').matchAll(/(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])/g))
    if (Number(m[1]) <= now) return Number(m[1]);
  return null;
};

/** A two-digit year as conference tags print it ("PLDI’09", "CHI ’23"): 50 and later are 19xx. */
const fullYear = (yy: string): number => (Number(yy) >= 50 ? 1900 : 2000) + Number(yy);

function typeOf(name: string): ItemType | null {
  if (/working papers?|technical report|tech\. rep/i.test(name)) return 'report';
  if (CONFERENCE_WORD.test(name)) return 'conference-paper';
  if (JOURNAL_WORD.test(name)) return 'journal-article';
  return null;
}

const found = (venue: string, itemType: ItemType | null, year: number | null, publishedElsewhere = false) => ({
  venue: venue
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:—–-]+$/u, '')
    .trim(),
  itemType,
  year,
  publishedElsewhere,
});

/**
 * Venue lines, each read by one rule, strongest first. A rule sees one line
 * and the next (venues wrap: "In Proceedings of the 2023 CHI Conference on
 * Human Factors in Computing" / "Systems (CHI ’23), April 23–28, 2023…").
 */
const RULES: ((line: string, next: string) => PrintedVenue | null)[] = [
  // "Proceedings of the 58th Annual Meeting of the ACL, pages 4969–4983", "To appear in the Proceedings of the 1992
  // Winter Usenix, San Francisco…", ACM's reference format "In Proceedings of the 2023 CHI Conference on…".
  (line, next) => {
    const m =
      /^(?:\d{1,2}\s+|[*†‡∗]\s*)?(?:to appear in\s+(?:the\s+)?|appeared in\s+(?:the\s+)?|in\s+)?(proceedings of .*)$/i.exec(
        line,
      );
    if (m === null) return null;
    const text = /,/.test(m[1]!) ? m[1]! : `${m[1]!} ${next}`;
    return found(text.split(/,|\s\(|\. /)[0]!, 'conference-paper', year4(text));
  },
  // ACM's conference tag: "PLDI’09, June 15–20, 2009, Dublin, Ireland.", "CHI ’23, April 23–28, 2023, Hamburg".
  (line) => {
    const m = new RegExp(
      String.raw`^(\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)?\s?[’'‘](\d{2})),\s*(?:${MONTHS})\.?\s+\d`,
      'u',
    ).exec(line);
    return m === null ? null : found(m[1]!, 'conference-paper', year4(line) ?? fullYear(m[2]!));
  },
  // A journal's running head with its volume: "TUGboat, Volume 27 (2006), No. 2", "The R Journal Vol. 6/1, June".
  (line) => {
    const m = new RegExp(String.raw`^(${NAME}),?\s+(?:Vol(?:ume)?\.?)\s*\d+`, 'u').exec(line);
    return m === null ? null : found(m[1]!, 'journal-article', year4(line));
  },
  // "Fibre Diffraction Review 13, 19 - 22, 2005": name, volume, pages, year.
  (line) => {
    const m = new RegExp(String.raw`^(${NAME})\s+\d+\s*,\s*\d+\s*[-–]\s*\d+\s*,\s*((?:19|20)\d\d)\b`, 'u').exec(line);
    return m === null ? null : found(m[1]!, 'journal-article', Number(m[2]));
  },
  // JSS's masthead: "Journal of Statistical Software" above "February 2015, Volume 64, Issue 2."
  (line, next) => {
    const m = new RegExp(String.raw`^(?:[A-Z]{2,5}\s+)?((?:The\s+)?${NAME})$`, 'u').exec(line);
    const dated = new RegExp(String.raw`^(?:${MONTHS})\s+\d{4},\s*Vol(?:ume)?\.?\s*\d+`).test(next);
    return m === null || !dated || !JOURNAL_WORD.test(m[1]!) ? null : found(m[1]!, 'journal-article', year4(next));
  },
  // A serial named beside its ISSN: "Working Papers on Information Systems ISSN 1535-6078".
  (line) => {
    const m = new RegExp(String.raw`^(${NAME})\s+ISSN\s*\d{4}-\d{3}[\dX]$`, 'u').exec(line);
    return m === null ? null : found(m[1]!, typeOf(m[1]!) ?? 'journal-article', null);
  },
  // Springer's template: "Soft Computing manuscript No."
  (line) => {
    const m = new RegExp(String.raw`^(${NAME})\s+manuscript No\.?`, 'u').exec(line);
    return m === null ? null : found(m[1]!, 'journal-article', null);
  },
  // A conference's footer: "SST-2000: 8° Aust. Int. Conf. Speech Sci. & Tech. 244" (its page number dropped).
  (line) => {
    const m = /^(\p{Lu}{2,}[\p{L}]*[-\s]?((?:19|20)\d\d)\s*:\s*.*)$/u.exec(line);
    if (m === null || !CONFERENCE_WORD.test(m[1]!)) return null;
    return found(m[1]!.replace(/\s+\d{1,4}$/, ''), 'conference-paper', Number(m[2]));
  },
];

/**
 * "This vignette corresponds to the paper published in the Journal of
 * Statistical Software", "A version of this manuscript has been published
 * online in the Journal of…": where this very paper was published. A previous
 * version's venue, or one it is no longer submitted to, is not its own.
 */
function publishedIn(text: string): PrintedVenue | null {
  const m = new RegExp(
    String.raw`\b(?:this|the)\s+(?:paper|article|vignette|manuscript)\b([^.]{0,80}?)\bpublished(?:\s+online)?\s+in\s+(?:the\s+)?(${NAME})`,
    'iu',
  ).exec(text);
  if (m === null || /previous|earlier|no longer|\bnot\b/i.test(m[1]!)) return null;
  const venue = m[2]!.replace(/\s+(?:on|in|and|the|of)$/i, '');
  return found(venue, typeOf(venue), year4(text.slice(m.index, m.index + m[0].length + 40)), true);
}

/**
 * arXiv's stamp down the margin ("arXiv:2203.00130v1 [cs.HC] 28 Feb 2022") or a template's "Preprint. Under review.":
 * a preprint, unless a venue is printed too.
 */
function preprint(lines: readonly string[], stamps: readonly string[]): PrintedVenue | null {
  for (const stamp of stamps) {
    const m = /^arXiv:(\d{4}\.\d{4,5})(?:v\d+)?\b.*?((?:19|20)\d\d)\s*$/.exec(stamp.trim());
    if (m !== null) return found(`arXiv preprint arXiv:${m[1]}`, 'preprint', Number(m[2]));
  }
  return lines.some((l) => /^preprint\b.*\b(under review|submitted)/i.test(l)) ? found('', 'preprint', null) : null;
}

/**
 * The venue, item type and (when printed there) year of a paper from its
 * first page as printed, running heads and footers included; `stamps` is the
 * text set sideways in its margins.
 */
export function printedVenue(lines: readonly Line[], stamps: readonly string[] = []): PrintedVenue {
  const texts = lines.map((l) => l.text);
  for (const rule of RULES) {
    for (let i = 0; i < texts.length; i++) {
      const hit = rule(texts[i]!, texts[i + 1] ?? '');
      if (hit !== null && hit.venue !== '') return hit;
    }
  }
  const elsewhere = publishedIn(texts.join(' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2'));
  if (elsewhere !== null) return elsewhere;
  const early = preprint(texts, stamps);
  if (early !== null) return { ...early, venue: early.venue === '' ? null : early.venue };
  return { venue: null, itemType: null, year: null, publishedElsewhere: false };
}
