import type { Migration } from '../migrate.js';

export const m006Owners: Migration = {
  version: 6,
  name: 'the process that owns each job and evaluation run',
  up: (db) => {
    // Several processes may open one library (the app, a CLI command): only work whose process is gone is interrupted.
    db.exec(`
      ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE jobs ADD COLUMN owner_token TEXT;
      ALTER TABLE eval_runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE eval_runs ADD COLUMN owner_token TEXT;
    `);
  },
};
