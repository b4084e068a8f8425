import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ftsWords } from '../../../electron/core/ask/retrieval/ftsQuery.js';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import type Database from 'better-sqlite3';
import { quote } from '../../../electron/core/library/search/boundedFullText.js';
import { PassageSearch } from '../../../electron/core/library/search/passageSearch.js';
import { resolveScope, type ResolvedScope } from '../../../electron/core/library/search/scope.js';
import { SCIFACT } from '../../../scripts/eval/scifact.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const ABSTRACTS = 2_000;
const CLAIMS = 60;

function lines<T>(file: string, n: number): T[] {
  return fs
    .readFileSync(path.join(SCIFACT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .map((l) => JSON.parse(l) as T);
}

/** The exact ranking, written out: every passage holding a word scored by bm25, then the scope applied. */
function rankedBy(db: Database.Database) {
  return (words: readonly string[], scope: ResolvedScope): number[] =>
    (
      db
        .prepare(
          `SELECT f.rowid AS id FROM passages_fts f JOIN passages ps ON ps.id = f.rowid
           WHERE passages_fts MATCH ? AND (? = 1 OR ps.kind != 'references')
           ORDER BY bm25(passages_fts, 2.0, 0.0, 1.0) LIMIT 50`,
        )
        .all(words.map(quote).join(' OR '), scope.references ? 1 : 0) as { id: number }[]
    ).map((r) => r.id);
}

describe('full text bounded to the rare words’ passages', () => {
  it('keeps nearly all of the first ten hits of scoring every match, in and out of the references', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const ranked = rankedBy(db);
    const now = new Date().toISOString();
    db.transaction(() => {
      const paper = db.prepare(
        `INSERT INTO papers (id, title, title_key, format, page_count, added_at, updated_at) VALUES (?, ?, ?, 'text', 0, ?, ?)`,
      );
      const passage = db.prepare(
        `INSERT INTO passages (paper_id, ordinal, section, kind, text) VALUES (?, ?, 'Body', ?, ?)`,
      );
      for (const [i, doc] of lines<{ _id: string; title: string; text: string }>('corpus.jsonl', ABSTRACTS).entries()) {
        paper.run(doc._id, doc.title, doc.title.toLowerCase(), now, now);
        // Every tenth a references passage, so the scope's filter is part of the comparison.
        passage.run(doc._id, 0, i % 10 === 9 ? 'references' : 'body', doc.text);
      }
    })();
    const exact = new PassageSearch(db, { boundFullTextFrom: Number.POSITIVE_INFINITY });
    const bounded = new PassageSearch(db, { boundFullTextFrom: 0 });
    let kept = 0;
    let head = 0;
    for (const { text } of lines<{ text: string }>('queries.jsonl', CLAIMS)) {
      const words = ftsWords(text);
      for (const scope of [resolveScope(db, {}), resolveScope(db, { includeReferences: true })]) {
        const expected = ranked(words, scope);
        // Every match scored: the first 50 by bm25 among the passages in scope, references left out unless asked for.
        expect(exact.fullText(words, scope, 50), text).toEqual(expected);
        const found = bounded.fullText(words, scope, 50).slice(0, 10);
        kept += found.filter((id) => expected.slice(0, 10).includes(id)).length;
        head += Math.min(10, expected.length);
      }
    }
    // The rarer words' passages hold nearly all of the exact first ten.
    expect(kept / head).toBeGreaterThan(0.8);
    close();
  });
});
