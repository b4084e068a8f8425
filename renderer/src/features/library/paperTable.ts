import type { ItemType } from '../../../../electron/contract/ops/library.js';
import { ITEM_TYPE_LABEL } from './metadataForm.js';

/** What the papers table shows of a paper. */
export interface PaperRow {
  paperId: string;
  title: string;
  authors: readonly string[];
  year: number | null;
  venue?: string | null;
  itemType?: ItemType | null;
  pages: number;
  status: string;
  /** Some pages were read by OCR. */
  ocr?: boolean;
  /** ISO time the paper was added. */
  addedAt: string;
}

export type SortKey = 'title' | 'authors' | 'year' | 'pages' | 'status' | 'addedAt';
export interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(a: PaperRow, b: PaperRow, key: SortKey): number {
  switch (key) {
    case 'title':
    case 'status':
    case 'addedAt':
      return collator.compare(a[key], b[key]);
    case 'authors':
      return collator.compare(a.authors[0] ?? '', b.authors[0] ?? '');
    case 'year':
    case 'pages':
      return (a[key] ?? -Infinity) - (b[key] ?? -Infinity);
  }
}

/** Sorted copy; ties fall back to title so the order is stable and predictable. */
export function sortRows<T extends PaperRow>(rows: readonly T[], sort: Sort): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, sort.key) || collator.compare(a.title, b.title));
}

/** Rows whose title, authors, venue or year contain every word of the search, case- and accent-insensitively. */
export function searchRows<T extends PaperRow>(rows: readonly T[], search: string): T[] {
  const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(search)
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = fold(`${r.title} ${r.authors.join(' ')} ${r.venue ?? ''} ${r.year ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}

/** Clicking a column sorts by it; clicking the sorted column again reverses it. Numbers and dates start high. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'year' || key === 'pages' || key === 'addedAt' ? 'descending' : 'ascending' };
}

const STATUS_LABEL: Record<string, string> = { indexed: 'Full text', embedded: 'Full text + meaning' };

/**
 * What a paper's index holds, in words: full-text only, or with vectors for meaning-based search; and whether OCR read
 * it.
 */
export function statusLabel(row: Pick<PaperRow, 'status' | 'ocr'>): string {
  return `${STATUS_LABEL[row.status] ?? row.status}${row.ocr === true ? ' (OCR)' : ''}`;
}

export function formatAuthors(authors: readonly string[]): string {
  if (authors.length === 0) return '—';
  if (authors.length <= 2) return authors.join(' and ');
  return `${authors[0]} et al.`;
}

/** "Conference paper · PLDI’09": what kind of work and where it appeared, as far as known ('' when neither is). */
export function placementLabel(row: Pick<PaperRow, 'venue' | 'itemType'>): string {
  return [row.itemType == null ? null : ITEM_TYPE_LABEL[row.itemType], row.venue ?? null]
    .filter((part) => part !== null && part !== '')
    .join(' · ');
}
