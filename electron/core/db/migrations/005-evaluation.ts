import type { Migration } from '../migrate.js';

export const m005Evaluation: Migration = {
  version: 5,
  name: 'validation sets, evaluation runs, training marks',
  up: (db) => {
    db.exec(`
      CREATE TABLE eval_sets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- paper is kept as the user wrote it (id, DOI or title) and resolved when a run starts,
      -- so a set stays portable between libraries.
      CREATE TABLE eval_items (
        id TEXT PRIMARY KEY,
        set_id TEXT NOT NULL REFERENCES eval_sets(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        question TEXT NOT NULL,
        expected TEXT NOT NULL,
        paper TEXT,
        page INTEGER,
        unanswerable INTEGER NOT NULL DEFAULT 0 CHECK (unanswerable IN (0,1)),
        status TEXT NOT NULL CHECK (status IN ('accepted','draft')),
        source_passage_id TEXT,
        source_text TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (set_id, ordinal)
      ) STRICT;

      CREATE TABLE eval_runs (
        id TEXT PRIMARY KEY,
        set_id TEXT NOT NULL REFERENCES eval_sets(id) ON DELETE CASCADE,
        job_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('running','done','cancelled','failed')),
        error TEXT,
        -- configurations and options as asked, and the questions as they were when the run started
        configurations_json TEXT NOT NULL,
        options_json TEXT NOT NULL,
        items_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;

      CREATE TABLE eval_results (
        run_id TEXT NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        configuration INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        result_json TEXT NOT NULL,
        PRIMARY KEY (run_id, configuration, item_id)
      ) STRICT;

      -- Conversation answers the user marked as good training data.
      CREATE TABLE training_marks (
        turn_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
        marked_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
