import type { Migration } from '../migrate.js';

/**
 * The paper library: papers with their files, pages and passages, a full-text
 * index over passages, collections, watched folders and resumable import jobs.
 * Passage vectors live in one sqlite-vec table per embedding model, created on
 * demand (see library/store/vectors.ts) and listed in embedding_models.
 */
export const m002Library: Migration = {
  version: 2,
  name: 'paper library: papers, files, pages, passages, FTS, collections, imports',
  up: (db) => {
    db.exec(`
      CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        -- lower-case letters and digits only: matches BibTeX/Zotero titles to papers
        title_key TEXT NOT NULL,
        authors TEXT NOT NULL DEFAULT '[]',
        year INTEGER,
        doi TEXT,
        abstract TEXT,
        -- where each field came from: {"title":"layout","doi":"bibtex","year":"user",...}
        metadata_sources TEXT NOT NULL DEFAULT '{}',
        -- set once the user edits a field; automatic imports never overwrite a field whose source is "user"
        user_edited INTEGER NOT NULL DEFAULT 0 CHECK (user_edited IN (0,1)),
        status TEXT NOT NULL DEFAULT 'indexed' CHECK (status IN ('indexed','embedded')),
        format TEXT NOT NULL CHECK (format IN ('pdf','text','markdown','jsonl')),
        -- the id of a document inside a multi-document file (a JSONL line's "_id")
        doc_key TEXT,
        page_count INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX papers_by_doi ON papers(doi) WHERE doi IS NOT NULL;
      CREATE INDEX papers_by_title_key ON papers(title_key);
      CREATE INDEX papers_by_added ON papers(added_at);

      -- Every file seen on disk. A paper can have several (the same bytes under
      -- another name); a JSONL file has one row per document it holds.
      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        doc_key TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        UNIQUE (path, doc_key)
      ) STRICT;
      CREATE INDEX files_by_sha ON files(sha256, doc_key);
      CREATE INDEX files_by_paper ON files(paper_id);

      CREATE TABLE pages (
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        width REAL NOT NULL,
        height REAL NOT NULL,
        text TEXT NOT NULL,
        ocr INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0,1)),
        PRIMARY KEY (paper_id, page)
      ) STRICT;

      CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        section TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('front','abstract','body','caption','references','appendix')),
        text TEXT NOT NULL,
        -- first page the passage lies on; NULL for documents without pages
        page INTEGER,
        spans TEXT NOT NULL DEFAULT '[]',
        boxes TEXT NOT NULL DEFAULT '[]',
        ocr INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0,1)),
        -- has a vector in the current embedding model's table
        embedded INTEGER NOT NULL DEFAULT 0 CHECK (embedded IN (0,1)),
        UNIQUE (paper_id, ordinal)
      ) STRICT;
      CREATE INDEX passages_unembedded ON passages(id) WHERE embedded = 0;

      -- Contentless (the text lives once, in passages) with delete support, so
      -- a deleted passage needs only its rowid. Porter stemming on unicode61
      -- ("models" finds "model"): on SciFact's 300 test claims, nDCG@10 0.685
      -- against 0.665 without stemming; weighting the title column
      -- (bm25(passages_fts, 2, 0, 1)) gives 0.691.
      CREATE VIRTUAL TABLE passages_fts USING fts5(
        title, section, text,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts (rowid, title, section, text)
        VALUES (new.id, (SELECT title FROM papers WHERE id = new.paper_id), new.section, new.text);
      END;
      CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passages_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER passages_fts_retitle AFTER UPDATE OF title ON papers BEGIN
        INSERT OR REPLACE INTO passages_fts (rowid, title, section, text)
        SELECT id, new.title, section, text FROM passages WHERE paper_id = new.id;
      END;

      CREATE TABLE embedding_models (
        id INTEGER PRIMARY KEY,
        model_id TEXT NOT NULL,
        dimension INTEGER NOT NULL CHECK (dimension > 0),
        created_at TEXT NOT NULL,
        UNIQUE (model_id, dimension)
      ) STRICT;

      CREATE TABLE collections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        -- "zotero:<collection key>" for collections brought in from Zotero
        origin TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE paper_collections (
        collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        PRIMARY KEY (collection_id, paper_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX paper_collections_by_paper ON paper_collections(paper_id);

      CREATE TABLE watched_folders (
        path TEXT PRIMARY KEY,
        added_at TEXT NOT NULL,
        last_scan_at TEXT
      ) STRICT;

      -- An import and each file it found, so an interrupted import resumes
      -- with the files still pending and reports what the earlier run did.
      CREATE TABLE import_jobs (
        id TEXT PRIMARY KEY,
        -- the jobs row of the run now (or last) working on it
        job_id TEXT NOT NULL,
        paths TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running','done','cancelled')),
        created_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX import_jobs_by_job ON import_jobs(job_id);
      CREATE INDEX import_jobs_by_state ON import_jobs(state);
      CREATE TABLE import_job_files (
        import_id TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        path TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','done')),
        PRIMARY KEY (import_id, ordinal)
      ) STRICT;
      CREATE INDEX import_job_files_by_state ON import_job_files(import_id, state, ordinal);
      -- What each file produced (a JSONL file yields one entry per document), each
      -- written in the same transaction as the paper it describes.
      CREATE TABLE import_job_outcomes (
        id INTEGER PRIMARY KEY,
        import_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        FOREIGN KEY (import_id, ordinal) REFERENCES import_job_files(import_id, ordinal) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX import_job_outcomes_by_file ON import_job_outcomes(import_id, ordinal);
    `);
  },
};
