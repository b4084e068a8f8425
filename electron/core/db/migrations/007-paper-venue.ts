import type { Migration } from '../migrate.js';

export const m007PaperVenue: Migration = {
  version: 7,
  name: 'where each paper appeared: its venue and item type',
  up: (db) => {
    // Read from the first page at import ("Proceedings of…", a journal's masthead) or from BibTeX, CSL-JSON, Zotero;
    // BibTeX export writes @inproceedings with booktitle or @article with journal from them.
    db.exec(`
      ALTER TABLE papers ADD COLUMN venue TEXT;
      ALTER TABLE papers ADD COLUMN item_type TEXT CHECK (item_type IN
        ('journal-article','conference-paper','preprint','report','thesis','book','book-chapter'));
    `);
  },
};
