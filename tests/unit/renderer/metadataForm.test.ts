import { describe, expect, it } from 'vitest';
import type { PaperDetail } from '../../../electron/contract/ops/library.js';
import { fieldsOf, metadataEdit } from '../../../renderer/src/features/library/metadataForm.js';

const paper: PaperDetail = {
  paperId: 'p1',
  title: 'Trace trees',
  authors: ['Andreas Gal', 'Brendan Eich'],
  year: 2009,
  venue: null,
  itemType: null,
  doi: null,
  pages: 14,
  passages: 40,
  file: '/papers/tracemonkey.pdf',
  format: 'pdf',
  status: 'indexed',
  ocr: false,
  addedAt: '2026-01-01T00:00:00Z',
  collectionIds: [],
  abstract: null,
  docKey: null,
  files: [],
  metadataSources: {},
  userEdited: false,
  warnings: [],
  ocrPages: [],
};

describe('metadata form', () => {
  it('sends only the fields that changed, cleaned up', () => {
    const fields = {
      ...fieldsOf(paper),
      title: '  Trace-based JIT  ',
      authors: 'Andreas Gal\nBrendan Eich\n\n',
      doi: 'https://doi.org/10.1145/1542476.1542528',
    };
    expect(metadataEdit(paper, fields)).toEqual({
      edit: { paperId: 'p1', title: 'Trace-based JIT', doi: '10.1145/1542476.1542528' },
    });
  });

  it('clears a year and an abstract with empty fields, and splits authors on semicolons', () => {
    const withAbstract = { ...paper, abstract: 'Old.' };
    expect(metadataEdit(withAbstract, { ...fieldsOf(withAbstract), year: '', abstract: ' ', authors: 'A; B' })).toEqual(
      {
        edit: { paperId: 'p1', year: null, abstract: null, authors: ['A', 'B'] },
      },
    );
  });

  it('sets a venue and an item type, and clears them with empty fields', () => {
    expect(metadataEdit(paper, { ...fieldsOf(paper), venue: ' PLDI’09 ', itemType: 'conference-paper' })).toEqual({
      edit: { paperId: 'p1', venue: 'PLDI’09', itemType: 'conference-paper' },
    });
    const placed = { ...paper, venue: 'PLDI’09', itemType: 'conference-paper' as const };
    expect(metadataEdit(placed, { ...fieldsOf(placed), venue: '', itemType: '' })).toEqual({
      edit: { paperId: 'p1', venue: null, itemType: null },
    });
  });

  it('names the problem with a year, a DOI or a missing title', () => {
    expect(metadataEdit(paper, { ...fieldsOf(paper), year: '20O9' })).toEqual({
      problem: '“20O9” is not a year (four digits, e.g. 2019).',
    });
    expect(metadataEdit(paper, { ...fieldsOf(paper), doi: 'doi:1145/x' })).toHaveProperty('problem');
    expect(metadataEdit(paper, { ...fieldsOf(paper), title: ' ' })).toEqual({ problem: 'A paper needs a title.' });
  });
});
