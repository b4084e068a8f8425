import { describe, expect, it } from 'vitest';
import {
  formatAuthors,
  nextSort,
  searchRows,
  sortRows,
  statusLabel,
  type PaperRow,
} from '../../../renderer/src/features/library/paperTable.js';
import { sortFiles } from '../../../renderer/src/features/library/importFiles.js';

const row = (title: string, year: number | null, authors: string[], pages = 10, addedAt = '2026-01-01'): PaperRow => ({
  paperId: title,
  title,
  authors,
  year,
  pages,
  status: 'ready',
  addedAt,
});
const rows = [
  row('Zoo: an S3 class', 2005, ['Achim Zeileis']),
  row('Rcpp: Seamless R', 2011, ['Dirk Eddelbuettel', 'Romain François']),
  row('Élan', null, []),
];

describe('papers table', () => {
  it('sorts by any column, ties by title, unknown years last when descending', () => {
    expect(sortRows(rows, { key: 'title', direction: 'ascending' }).map((r) => r.title)).toEqual([
      'Élan',
      'Rcpp: Seamless R',
      'Zoo: an S3 class',
    ]);
    expect(sortRows(rows, { key: 'year', direction: 'descending' }).map((r) => r.year)).toEqual([2011, 2005, null]);
    expect(sortRows(rows, { key: 'authors', direction: 'ascending' }).map((r) => r.title)).toEqual([
      'Élan',
      'Zoo: an S3 class',
      'Rcpp: Seamless R',
    ]);
  });

  it('searches title, authors and year, ignoring case and accents', () => {
    expect(searchRows(rows, 'elan').map((r) => r.title)).toEqual(['Élan']);
    expect(searchRows(rows, 'francois 2011').map((r) => r.title)).toEqual(['Rcpp: Seamless R']);
    expect(searchRows(rows, '  ')).toHaveLength(3);
  });

  it('toggles direction on the sorted column and starts numbers high', () => {
    expect(nextSort({ key: 'title', direction: 'ascending' }, 'title')).toEqual({
      key: 'title',
      direction: 'descending',
    });
    expect(nextSort({ key: 'title', direction: 'ascending' }, 'year')).toEqual({
      key: 'year',
      direction: 'descending',
    });
  });

  it('shortens long author lists', () => {
    expect(formatAuthors(['A', 'B', 'C'])).toBe('A et al.');
    expect(formatAuthors(['A', 'B'])).toBe('A and B');
    expect(formatAuthors([])).toBe('—');
  });
});

describe('dropped files', () => {
  it('accepts PDFs by their bytes and text documents by name, and refuses the rest with a reason', async () => {
    const files = [
      new File(['%PDF-1.7\n...'], 'paper.pdf', { type: 'application/pdf' }),
      new File(['%PDF-1.4'], 'renamed.bin'),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
      new File(['# Title\n\nBody'], 'notes.md'),
      new File(['{"_id":"1","text":"t"}'], 'corpus.JSONL'),
      new File(['\0\0binary'], 'packed.txt'),
      new File(['PK\x03\x04'], 'slides.pptx'),
      new File(['<html>'], 'fake.pdf'),
      new File([], 'empty.pdf'),
    ];
    const sorted = await sortFiles(files);
    expect(sorted.accepted.map((a) => a.name)).toEqual([
      'paper.pdf',
      'renamed.bin.pdf',
      'notes.txt',
      'notes.md',
      'corpus.JSONL',
    ]);
    expect(sorted.refused).toEqual([
      { name: 'packed.txt', reason: 'Named .txt but its contents are not text.' },
      {
        name: 'slides.pptx',
        reason: 'Not a document Scholium imports: it reads PDF, plain text (.txt), Markdown (.md) and JSONL files.',
      },
      { name: 'fake.pdf', reason: 'Named .pdf but its contents are not a PDF.' },
      { name: 'empty.pdf', reason: 'The file is empty.' },
    ]);
  });
});

describe('paper status', () => {
  it('says what the index holds', () => {
    expect(statusLabel({ status: 'indexed' })).toBe('Full text');
    expect(statusLabel({ status: 'embedded', ocr: true })).toBe('Full text + meaning (OCR)');
  });
});
