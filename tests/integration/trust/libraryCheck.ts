// Prints a library's state as JSON (integrity check, papers missing part of
// their content, paper count), from a separate process: the disk-full test
// runs it inside its private mount namespace.
import { partialPapers, withDatabase } from '../library/cliProcess.js';

const dir = process.argv[2]!;
const state = withDatabase(dir, (db) => ({
  integrity: db.pragma('integrity_check', { simple: true }),
  partial: partialPapers(db),
  papers: (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
}));
process.stdout.write(`${JSON.stringify(state)}\n`);
