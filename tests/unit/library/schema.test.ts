import { describe, expect, it } from 'vitest';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import { PaperStore } from '../../../electron/core/library/store/paperStore.js';
import { ensureVectorTable, VectorStore } from '../../../electron/core/library/store/vectors.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { document } from './documents.js';

function plan(db: ReturnType<typeof openLibraryDatabase>['db'], sql: string): string {
  const params = Array.from({ length: sql.split('?').length - 1 }, () => null);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

const file = (path: string, sha256 = 'a'.repeat(64)) => ({ path, docKey: '', sha256, size: 10, mtimeMs: 1 });

describe('library schema (migration 2)', () => {
  it('answers the hot lookups from indexes, never a table scan', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    db.exec('ANALYZE');
    const hot: [string, RegExp][] = [
      ['SELECT paper_id FROM files WHERE path = ? AND doc_key = ?', /USING INDEX sqlite_autoindex_files_1/],
      [
        'SELECT paper_id, path FROM files WHERE sha256 = ? AND doc_key = ? ORDER BY id LIMIT 1',
        /USING INDEX files_by_sha/,
      ],
      ['SELECT path FROM files WHERE paper_id = ? ORDER BY id', /USING INDEX files_by_paper/],
      [
        'SELECT DISTINCT path FROM files WHERE path >= ? AND path < ?',
        /USING (COVERING )?INDEX sqlite_autoindex_files_1/,
      ],
      ['SELECT id, text FROM passages WHERE paper_id = ? ORDER BY ordinal', /USING INDEX sqlite_autoindex_passages_1/],
      ['SELECT count(*) FROM passages WHERE paper_id = ?', /USING COVERING INDEX sqlite_autoindex_passages_1/],
      ['SELECT id FROM passages WHERE embedded = 0 ORDER BY id LIMIT 32', /USING COVERING INDEX passages_unembedded/],
      ['SELECT text FROM pages WHERE paper_id = ? AND page = ?', /USING INDEX sqlite_autoindex_pages_1/],
      ['SELECT id FROM papers WHERE doi = ?', /USING (COVERING )?INDEX papers_by_doi/],
      ['SELECT id FROM papers WHERE title_key = ?', /USING (COVERING )?INDEX papers_by_title_key/],
      ['SELECT id FROM papers ORDER BY added_at DESC LIMIT 50', /USING (COVERING )?INDEX papers_by_added/],
      [
        'SELECT collection_id FROM paper_collections WHERE paper_id = ?',
        /USING COVERING INDEX paper_collections_by_paper/,
      ],
      ['SELECT paper_id FROM paper_collections WHERE collection_id = ?', /USING PRIMARY KEY/],
      [
        `SELECT ordinal, path FROM import_job_files WHERE import_id = ? AND state = 'pending' ORDER BY ordinal`,
        /USING INDEX import_job_files_by_state/,
      ],
      ['SELECT id FROM import_jobs WHERE job_id = ?', /USING (COVERING )?INDEX import_jobs_by_job/],
      [
        'SELECT outcome FROM import_job_outcomes WHERE import_id = ? ORDER BY ordinal, id',
        /USING INDEX import_job_outcomes_by_file/,
      ],
    ];
    for (const [sql, index] of hot) {
      const detail = plan(db, sql);
      expect(detail, sql).toMatch(index);
      expect(detail, sql).not.toMatch(
        /\bSCAN (files|passages|pages|papers|paper_collections|import_job_files)\b(?! USING)/,
      );
    }
    close();
  });

  it('keeps the full-text index in step with passages and titles, and drops everything of a removed paper', () => {
    const { db, close } = openLibraryDatabase(tempDir());
    const store = new PaperStore(db);
    const vectors = ensureVectorTable(db, 'test-model', 3);
    const written = db.transaction(() =>
      store.insertPaper({
        format: 'pdf',
        file: file('/papers/a.pdf'),
        fallbackTitle: 'a',
        document: document({
          title: 'Trace-based compilation',
          passages: [{ text: 'Tracing JITs record hot loops.' }, { text: 'References here', kind: 'references' }],
        }),
      }),
    )();
    const match = (q: string): number[] =>
      (
        db.prepare('SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid').all(q) as {
          rowid: number;
        }[]
      ).map((r) => r.rowid);
    const ids = (db.prepare('SELECT id FROM passages ORDER BY ordinal').all() as { id: number }[]).map((r) => r.id);
    // Porter stemming: "loop" finds "loops", "record" finds "recorded"... and the title column is searchable.
    expect(match('loop')).toEqual([ids[0]]);
    expect(match('title:compil*')).toEqual(ids);
    new VectorStore(db).write(
      vectors,
      ids.map((id, i) => ({ id, paperId: written.paperId, refs: i === 1, input: '' })),
      [new Float32Array([1, 0, 0]), new Float32Array([0, 1, 0])],
    );
    expect((db.prepare(`SELECT count(*) n FROM ${vectors.table}`).get() as { n: number }).n).toBe(2);

    db.transaction(() => store.applyMetadata(written.paperId, { title: 'Dynamic typing' }, 'user'))();
    expect(match('title:compil*')).toEqual([]);
    expect(match('title:dynam*')).toEqual(ids);

    db.transaction(() => store.removePaper(written.paperId))();
    for (const table of ['papers', 'files', 'pages', 'passages', vectors.table]) {
      expect((db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect(match('loop')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.exec(`INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 0)`);
    close();
  });
});
