import type { OpInput } from '../../../../electron/contract/index.js';
import type { ItemType, PaperDetail } from '../../../../electron/contract/ops/library.js';

export type MetadataEdit = OpInput<'library.updateMetadata'>;

export interface MetadataFields {
  title: string;
  authors: string;
  year: string;
  venue: string;
  /** An item type, or '' for not known. */
  itemType: ItemType | '';
  doi: string;
  abstract: string;
}

/** Item types as a reference manager names them, in the order the form offers them. */
export const ITEM_TYPE_LABEL: Record<ItemType, string> = {
  'journal-article': 'Journal article',
  'conference-paper': 'Conference paper',
  preprint: 'Preprint',
  report: 'Report',
  thesis: 'Thesis',
  book: 'Book',
  'book-chapter': 'Book chapter',
};

export function fieldsOf(paper: PaperDetail): MetadataFields {
  return {
    title: paper.title,
    authors: paper.authors.join('\n'),
    year: paper.year?.toString() ?? '',
    venue: paper.venue ?? '',
    itemType: paper.itemType ?? '',
    doi: paper.doi ?? '',
    abstract: paper.abstract ?? '',
  };
}

/** The edit to send (only changed fields), or the first problem with what was typed. */
export function metadataEdit(paper: PaperDetail, f: MetadataFields): { edit: MetadataEdit } | { problem: string } {
  const title = f.title.trim();
  if (title === '') return { problem: 'A paper needs a title.' };
  const yearText = f.year.trim();
  const year = yearText === '' ? null : Number(yearText);
  if (year !== null && (!Number.isInteger(year) || year < 1000 || year > 2200))
    return { problem: `“${yearText}” is not a year (four digits, e.g. 2019).` };
  const doi = f.doi.trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
  if (doi !== '' && !/^10\.\d{4,9}\/\S+$/.test(doi))
    return {
      problem: `“${f.doi.trim()}” is not a DOI (they start with 10. and a slash, e.g. 10.1145/1542476.1542528).`,
    };
  const authors = f.authors
    .split(/\n|;/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const abstract = f.abstract.trim() === '' ? null : f.abstract.trim();
  const venue = f.venue.trim() === '' ? null : f.venue.trim();
  const itemType = f.itemType === '' ? null : f.itemType;
  const edit: MetadataEdit = { paperId: paper.paperId };
  if (title !== paper.title) edit.title = title;
  if (authors.join('\n') !== paper.authors.join('\n')) edit.authors = authors;
  if (year !== paper.year) edit.year = year;
  if (venue !== paper.venue) edit.venue = venue;
  if (itemType !== paper.itemType) edit.itemType = itemType;
  if ((doi === '' ? null : doi) !== paper.doi) edit.doi = doi === '' ? null : doi;
  if (abstract !== paper.abstract) edit.abstract = abstract;
  return { edit };
}
