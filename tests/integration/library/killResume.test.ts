import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfExtractor } from '../../../electron/core/library/extract/pdfExtractor.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import {
  ftsMismatch,
  libraryFingerprint,
  partialPapers,
  repoRoot,
  runCli,
  startCli,
  withDatabase,
} from './cliProcess.js';

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const smallPapers = [
  '2304.02623v1.pdf',
  'Fibre_Diffraction_Review_2005_13_19-22.pdf',
  'loudness-meter.pdf',
  'tb87nemeth.pdf',
  'dtc-paper.pdf',
].map((f) => path.join(corpus, f));

function pdfExtractionAvailable(): boolean {
  try {
    void pdfExtractor().close();
    return fs.existsSync(corpus);
  } catch {
    return false;
  }
}

function paperCount(dir: string): number {
  if (!fs.existsSync(path.join(dir, 'library.sqlite'))) return -1;
  try {
    return withDatabase(dir, (db) => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);
  } catch {
    return -1; // not migrated yet
  }
}

/** Starts an import, kills it with SIGKILL once `killAt` papers are in, and returns. */
async function importAndKill(dir: string, paths: string[], killAt: number, jitterMs: number): Promise<void> {
  const run = startCli(dir, ['--json', 'import', ...paths]);
  for (;;) {
    const n = paperCount(dir);
    if (n >= killAt) break;
    const exited = await Promise.race([run.done.then(() => true), new Promise((r) => setTimeout(() => r(false), 5))]);
    if (exited) throw new Error(`the import ended before ${killAt} papers were in (${n}); the kill point is too late`);
  }
  await new Promise((r) => setTimeout(r, jitterMs));
  run.child.kill('SIGKILL');
  expect((await run.done).signal).toBe('SIGKILL');
}

/**
 * Runs `paths` once uninterrupted, then at each kill point: import, SIGKILL
 * once `killAt` papers are committed (plus a little jitter), check the
 * library, run the same import again and compare with the uninterrupted one.
 */
async function killAndResume(
  paths: string[],
  total: number,
  killPoints: readonly (readonly [number, number])[],
): Promise<void> {
  const reference = tempDir();
  const clean = await runCli(reference, ['--json', 'import', ...paths]);
  expect(clean.code, clean.stderr).toBe(0);
  const expected = withDatabase(reference, libraryFingerprint);
  expect(expected).toHaveLength(total);

  for (const [killAt, jitter] of killPoints) {
    const dir = tempDir();
    await importAndKill(dir, paths, killAt, jitter);
    const after = withDatabase(dir, (db) => ({
      integrity: db.pragma('integrity_check', { simple: true }),
      partial: partialPapers(db),
      fts: ftsMismatch(db),
      papers: (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
    }));
    expect(after, `kill at ${killAt}`).toMatchObject({ integrity: 'ok', partial: [], fts: 0 });
    expect(after.papers).toBeLessThan(total);

    const resumed = await runCli(dir, ['--json', 'import', ...paths]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = resumed.json as { imported: unknown[]; failed: unknown[]; state: string };
    // The resumed run's report covers what the killed run had already committed.
    expect({ state: report.state, imported: report.imported.length, failed: report.failed.length }).toEqual({
      state: 'done',
      imported: total,
      failed: 0,
    });
    withDatabase(dir, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(ftsMismatch(db)).toBe(0);
      expect(libraryFingerprint(db)).toEqual(expected);
    });
  }
}

describe('kill -9 during an import, then the same import again', () => {
  it.skipIf(!fs.existsSync(scifact))(
    '1,000 SciFact documents (JSONL), killed at start-up, early and late',
    async () => {
      const slice = path.join(tempDir(), 'scifact-1000.jsonl');
      fs.writeFileSync(slice, fs.readFileSync(scifact, 'utf8').split('\n').slice(0, 1000).join('\n'));
      await killAndResume([slice], 1000, [
        [0, 3],
        [250, 7],
        [750, 1],
      ]);
    },
    180_000,
  );

  it.skipIf(!pdfExtractionAvailable())(
    'five small corpus PDFs, killed at three points',
    async () => {
      await killAndResume(smallPapers, smallPapers.length, [
        [0, 40],
        [1, 15],
        [3, 0],
      ]);
    },
    300_000,
  );
});
