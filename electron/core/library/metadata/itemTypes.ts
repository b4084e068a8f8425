import type { ItemType } from '../../../contract/ops/library.js';

/** A record's kind of work and where it appeared, as Scholium keeps them. */
export interface Placement {
  itemType: ItemType | null;
  venue: string | null;
}

const nonEmpty = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

/** BibTeX entry types, and the field that names each one's venue. */
const BIBTEX: Record<string, [ItemType, string]> = {
  article: ['journal-article', 'journal'],
  inproceedings: ['conference-paper', 'booktitle'],
  conference: ['conference-paper', 'booktitle'],
  techreport: ['report', 'institution'],
  phdthesis: ['thesis', 'school'],
  mastersthesis: ['thesis', 'school'],
  book: ['book', 'publisher'],
  incollection: ['book-chapter', 'booktitle'],
  inbook: ['book-chapter', 'booktitle'],
};

/** "@inproceedings{…, booktitle = {PLDI 2009}}" → a conference paper in PLDI 2009; an arXiv @misc is a preprint. */
export function bibtexPlacement(entryType: string, fields: Record<string, string | undefined>): Placement {
  const known = BIBTEX[entryType];
  if (known !== undefined) return { itemType: known[0], venue: nonEmpty(fields[known[1]]) };
  const arxiv = /arxiv/i.test(`${fields.archiveprefix ?? ''} ${fields.eprinttype ?? ''} ${fields.journal ?? ''}`);
  if (arxiv) return { itemType: 'preprint', venue: nonEmpty(fields.journal) ?? 'arXiv' };
  return { itemType: null, venue: nonEmpty(fields.howpublished) };
}

const CSL: Record<string, ItemType> = {
  'article-journal': 'journal-article',
  'paper-conference': 'conference-paper',
  article: 'preprint',
  report: 'report',
  thesis: 'thesis',
  book: 'book',
  chapter: 'book-chapter',
};

/** CSL-JSON's type and container-title (publisher for reports, theses and books). */
export function cslPlacement(type: string | null, container: string | null, publisher: string | null): Placement {
  const itemType = type === null ? null : (CSL[type] ?? null);
  const byPublisher = itemType === 'report' || itemType === 'thesis' || itemType === 'book';
  return { itemType, venue: (byPublisher ? publisher : container) ?? container };
}

const ZOTERO: Record<string, [ItemType, string[]]> = {
  journalArticle: ['journal-article', ['publicationTitle']],
  conferencePaper: ['conference-paper', ['proceedingsTitle', 'conferenceName']],
  preprint: ['preprint', ['repository', 'publisher']],
  report: ['report', ['institution', 'publisher']],
  thesis: ['thesis', ['university', 'publisher']],
  book: ['book', ['publisher']],
  bookSection: ['book-chapter', ['bookTitle']],
};

/** Zotero's item type and the field naming its venue (field names as in zotero.sqlite and the local API). */
export function zoteroPlacement(type: string, fields: Record<string, unknown>): Placement {
  const known = ZOTERO[type];
  if (known === undefined) return { itemType: null, venue: null };
  const text = (f: string): string | null => (typeof fields[f] === 'string' ? nonEmpty(fields[f]) : null);
  return { itemType: known[0], venue: known[1].map(text).find((v) => v !== null) ?? null };
}
