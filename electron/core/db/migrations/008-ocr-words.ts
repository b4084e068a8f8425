import type { Migration } from '../migrate.js';

export const m008OcrWords: Migration = {
  version: 8,
  name: 'the words OCR read on a scanned page, where they lie',
  up: (db) => {
    // JSON, line by line: [{top, bottom, words: [{x0, x1, text}]}] in PDF points from the page's top-left corner. The
    // Reader lays them over the scan as the page's text layer (find, select, the cited words highlighted).
    db.exec(`ALTER TABLE pages ADD COLUMN ocr_words TEXT;`);
  },
};
