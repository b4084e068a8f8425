import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfExtractor } from '../../../electron/core/library/extract/pdfExtractor.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { openTestLibrary, type TestLibrary } from '../../unit/library/harness.js';
import { repoRoot } from '../library/cliProcess.js';
import { FUZZ_SEED, mutatePdf, PDF_CASES, seeded } from './mutations.js';

// Mutated corpus PDFs (truncated, bit-flipped, objects duplicated or deleted,
// huge counts in xref/trailer/page-tree headers) imported in one go beside
// intact papers: each mutant is imported, found a duplicate, or fails with a
// specific reason naming it; the intact papers are all indexed; nothing hangs.

const corpus = path.resolve(repoRoot, '../shared/corpus');
const SOURCES = ['loudness-meter.pdf', 'tb87nemeth.pdf', 'dtc-paper.pdf', 'bdb_usenix.pdf', 'tb87fahmy.pdf'];
const INTACT = { '2304.02623v1.pdf': 4, 'Fibre_Diffraction_Review_2005_13_19-22.pdf': 4 };
/** Per-file time box of the extraction pool (plus its allowance per page). */
const FILE_TIMEOUT_MS = 20_000;
const SPECIFIC = new Set(['CORRUPT', 'NOT_PDF', 'EMPTY', 'UNREADABLE', 'ENCRYPTED', 'TOO_LARGE', 'TIMEOUT']);

const available = fs.existsSync(corpus);
if (!available) console.warn(`PDF fuzz skipped: the corpus is not at ${corpus}.`);

describe.skipIf(!available)(`${PDF_CASES} mutated corpus PDFs in one import (seed ${FUZZ_SEED})`, () => {
  let lib: TestLibrary;
  afterAll(async () => {
    await lib?.close();
  });

  it('ends every mutant as imported, duplicate or a specific failure, and indexes every intact paper', async () => {
    const dir = tempDir('scholium-pdf-fuzz-');
    const what = new Map<string, string>();
    const sources = SOURCES.map((f) => fs.readFileSync(path.join(corpus, f)));
    for (let i = 0; i < PDF_CASES; i++) {
      const r = seeded(FUZZ_SEED + i);
      const source = r.int(SOURCES.length);
      const mutant = mutatePdf(sources[source]!, r);
      const name = `case-${i}.pdf`;
      fs.writeFileSync(path.join(dir, name), mutant.bytes);
      what.set(name, `${name} (${SOURCES[source]}: ${mutant.what})`);
    }
    for (const f of Object.keys(INTACT)) fs.copyFileSync(path.join(corpus, f), path.join(dir, f));

    lib = openTestLibrary({ extractor: () => pdfExtractor({ ocrPages: 0, timeoutMs: FILE_TIMEOUT_MS }) });
    const started = Date.now();
    const { job, report } = await lib.importAll([dir]);
    const seconds = (Date.now() - started) / 1000;
    expect(job.state).toBe('done');

    const intact = report.imported.filter((i) => path.basename(i.file) in INTACT);
    expect(Object.fromEntries(intact.map((i) => [path.basename(i.file), i.pages]))).toEqual(INTACT);
    for (const i of intact) expect(i.passages, i.file).toBeGreaterThan(2);

    const outcome = new Map<string, string>();
    for (const i of report.imported) outcome.set(path.basename(i.file), 'imported');
    for (const d of report.duplicates) outcome.set(path.basename(d.file), 'duplicate');
    for (const f of report.failed) outcome.set(path.basename(f.file), f.code);
    const problems: string[] = [];
    for (const [name, description] of what) {
      const result = outcome.get(name);
      if (result === undefined) problems.push(`${description}: no outcome`);
      else if (result !== 'imported' && result !== 'duplicate' && !SPECIFIC.has(result))
        problems.push(`${description}: ${result}`);
    }
    for (const f of report.failed) {
      if (!f.error.includes(path.basename(f.file)) || f.error.length < 30)
        problems.push(`${what.get(path.basename(f.file))}: vague error "${f.error}"`);
    }
    const counts: Record<string, number> = {};
    for (const name of what.keys())
      counts[outcome.get(name) ?? 'none'] = (counts[outcome.get(name) ?? 'none'] ?? 0) + 1;
    console.info(`PDF fuzz: ${PDF_CASES} mutants in ${seconds.toFixed(0)} s: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(report.skipped).toEqual([]);
    // Every imported paper is searchable: its passages are in the full-text index.
    expect(lib.count('passages_fts')).toBe(lib.count('passages'));
  }, 900_000);
});
