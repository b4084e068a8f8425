import type { ItemType } from '../../../contract/ops/library.js';
import type { PaperReference } from '../store/paperQueries.js';

/** Each kind of work's entry type and the field its venue goes in; a work of unknown kind is @misc. */
const ENTRY: Record<ItemType, [type: string, venueField: string]> = {
  'journal-article': ['article', 'journal'],
  'conference-paper': ['inproceedings', 'booktitle'],
  preprint: ['misc', 'howpublished'],
  report: ['techreport', 'institution'],
  thesis: ['phdthesis', 'school'],
  book: ['book', 'publisher'],
  'book-chapter': ['incollection', 'booktitle'],
};

const escapeBib = (s: string): string => s.replace(/([{}\\&%$#_])/g, '\\$1');

/** "gal2009trace": the first author's surname, the year and the title's first long word; unique among `taken`. */
function citeKey(ref: PaperReference, taken: Set<string>): string {
  const surname =
    (ref.authors[0] ?? 'anon')
      .split(/[\s,]+/)
      .filter(Boolean)
      .at(-1) ?? 'anon';
  const word = ref.title.split(/[^\p{L}\p{N}]+/u).find((w) => w.length > 3) ?? 'paper';
  const base =
    `${surname}${ref.year ?? ''}${word}`
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase() || 'paper';
  let key = base;
  for (let i = 2; taken.has(key); i += 1) key = `${base}${i}`;
  taken.add(key);
  return key;
}

/**
 * BibTeX entries for papers, in order: @inproceedings with its booktitle for a conference paper, @article with its
 * journal for a journal article, and so on by item type; @misc when the kind of work is not known.
 */
export function bibtexEntries(refs: readonly PaperReference[]): string {
  const taken = new Set<string>();
  return refs
    .map((ref) => {
      const [type, venueField] = ref.itemType === null ? ['misc', 'howpublished'] : ENTRY[ref.itemType];
      const fields = [
        `  title = {${escapeBib(ref.title)}}`,
        ref.authors.length > 0 ? `  author = {${escapeBib(ref.authors.join(' and '))}}` : null,
        ref.venue !== null ? `  ${venueField} = {${escapeBib(ref.venue)}}` : null,
        ref.year !== null ? `  year = {${ref.year}}` : null,
        ref.doi !== null ? `  doi = {${escapeBib(ref.doi)}}` : null,
      ].filter((f) => f !== null);
      return `@${type}{${citeKey(ref, taken)},\n${fields.join(',\n')}\n}`;
    })
    .join('\n\n');
}
