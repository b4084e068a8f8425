import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaperDetail } from '../../../electron/contract/ops/library.js';
import { pdfExtractor } from '../../../electron/core/library/extract/pdfExtractor.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { openTestLibrary, type TestLibrary } from '../../unit/library/harness.js';
import { repoRoot } from './cliProcess.js';

const corpus = path.resolve(repoRoot, '../shared/corpus');

function extractionAvailable(): boolean {
  try {
    void pdfExtractor().close();
    return true;
  } catch {
    return false;
  }
}
const available = extractionAvailable() && fs.existsSync(corpus);
if (!available)
  console.warn(
    'PDF import tests skipped: the PDF extraction pool (library/extract) or ../shared/corpus is not available.',
  );

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let open: TestLibrary[] = [];
afterEach(async () => {
  const closing = open;
  open = [];
  for (const lib of closing) await lib.close();
});
function library(): TestLibrary {
  const lib = openTestLibrary({ extractor: (chunking) => pdfExtractor({ chunking }) });
  open.push(lib);
  return lib;
}

/** Small corpus papers (4–6 pages) with their page counts from the corpus README. */
const SMALL = {
  '2304.02623v1.pdf': 4,
  'Fibre_Diffraction_Review_2005_13_19-22.pdf': 4,
  'loudness-meter.pdf': 6,
  'tb87nemeth.pdf': 6,
} as const;

describe.skipIf(!available)('importing real PDFs', () => {
  it('indexes corpus papers page by page, with passages that know their pages and boxes, and references set apart', async () => {
    const lib = library();
    const { report } = await lib.importAll(Object.keys(SMALL).map((f) => path.join(corpus, f)));
    expect(report.failed).toEqual([]);
    expect(Object.fromEntries(report.imported.map((i) => [path.basename(i.file), i.pages]))).toEqual(SMALL);
    // The import counted its pages as they were read (none by OCR), for the pages/s and time left shown meanwhile.
    const importJob = lib.events.filter((e) => e.job.kind === 'import').at(-1)!.job;
    expect(importJob.rate).toMatchObject({ unit: 'pages', done: 20, ocr: null });
    for (const item of report.imported) expect(item.passages, item.file).toBeGreaterThan(2);
    const pages = lib.db
      .prepare('SELECT min(width) AS w, min(height) AS h, min(length(text)) AS chars FROM pages')
      .get() as { w: number; h: number; chars: number };
    expect(pages.w).toBeGreaterThan(400);
    expect(pages.h).toBeGreaterThan(500);
    const passages = lib.db.prepare('SELECT page, spans, boxes, kind FROM passages').all() as {
      page: number;
      spans: string;
      boxes: string;
      kind: string;
    }[];
    for (const p of passages) {
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(p.spans).length).toBeGreaterThan(0);
    }
    expect(passages.some((p) => p.kind === 'references')).toBe(true);
    expect(passages.filter((p) => JSON.parse(p.boxes).length > 0).length).toBeGreaterThan(passages.length * 0.9);
    // The full-text index finds a phrase from the EBU loudness paper.
    const hit = lib.db
      .prepare(
        `SELECT p.title FROM passages_fts JOIN passages ps ON ps.id = passages_fts.rowid JOIN papers p ON p.id = ps.paper_id WHERE passages_fts MATCH '"loudness range"' LIMIT 1`,
      )
      .get() as { title: string } | undefined;
    expect(hit?.title).toMatch(/loudness/i);
    // Venue and item type are stored with the paper; what the user edits stays theirs.
    const byFile = (name: string): PaperDetail =>
      lib.library.paper(report.imported.find((i) => path.basename(i.file) === name)!.paperId);
    expect(byFile('Fibre_Diffraction_Review_2005_13_19-22.pdf')).toMatchObject({
      venue: 'Fibre Diffraction Review',
      itemType: 'journal-article',
      year: 2005,
      metadataSources: { venue: 'layout', itemType: 'layout' },
    });
    const loudness = byFile('loudness-meter.pdf');
    expect(loudness).toMatchObject({ venue: null, itemType: null });
    expect(
      lib.library.updateMetadata(loudness.paperId, {
        venue: 'Linux Audio Conference 2011',
        itemType: 'conference-paper',
      }),
    ).toMatchObject({
      venue: 'Linux Audio Conference 2011',
      itemType: 'conference-paper',
      metadataSources: { venue: 'user', itemType: 'user' },
    });
  });

  it.skipIf(!hasQpdf())(
    'reports encrypted, truncated and fake PDFs by file with their reason, and imports the rest',
    async () => {
      const lib = library();
      const dir = tempDir();
      const source = path.join(corpus, 'tb87nemeth.pdf');
      fs.copyFileSync(source, path.join(dir, 'good.pdf'));
      execFileSync('qpdf', [
        '--encrypt',
        'secret-user',
        'secret-owner',
        '256',
        '--',
        source,
        path.join(dir, 'encrypted.pdf'),
      ]);
      const bytes = fs.readFileSync(path.join(corpus, 'loudness-meter.pdf'));
      fs.writeFileSync(path.join(dir, 'truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.3)));
      fs.writeFileSync(path.join(dir, 'notes.pdf'), 'These are meeting notes saved with the wrong extension.\n');

      const { report } = await lib.importAll([dir]);
      expect(report.imported.map((i) => path.basename(i.file))).toEqual(['good.pdf']);
      const failed = Object.fromEntries(report.failed.map((f) => [path.basename(f.file), f.code]));
      expect(failed).toEqual({ 'encrypted.pdf': 'ENCRYPTED', 'truncated.pdf': 'CORRUPT', 'notes.pdf': 'NOT_PDF' });
      for (const f of report.failed) expect(f.error.length, f.file).toBeGreaterThan(20);
      // pdf.js's own words inside, one full stop at the end (not ".).").
      expect(report.failed.find((f) => f.file.endsWith('truncated.pdf'))!.error).toMatch(
        /truncated\.pdf is damaged or truncated: pdf\.js could not read its structure \([^)]*[^.]\)\.$/,
      );
    },
  );

  it.skipIf(!hasQpdf())(
    'imports a very large PDF with memory bounded',
    async () => {
      // tracemonkey.pdf (14 pages) repeated; SCHOLIUM_LARGE_PDF_PAGES raises it (e.g. 3000) for a longer run.
      const copies = Math.ceil(Number(process.env.SCHOLIUM_LARGE_PDF_PAGES ?? 700) / 14);
      const big = path.join(tempDir(), 'large.pdf');
      const source = path.join(corpus, 'tracemonkey.pdf');
      execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: copies }, () => source), '--', big]);
      const lib = library();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
      try {
        const { report } = await lib.importAll([big]);
        expect(report.failed).toEqual([]);
        expect(report.imported[0]!.pages).toBe(copies * 14);
        expect(lib.count('pages')).toBe(copies * 14);
      } finally {
        clearInterval(sampler);
      }
      const growthMiB = (peak - before) / 2 ** 20;
      console.info(
        `large PDF: ${copies * 14} pages, ${fs.statSync(big).size >> 20} MiB, peak RSS growth ${growthMiB.toFixed(0)} MiB`,
      );
      expect(growthMiB).toBeLessThan(1024);
    },
    300_000,
  );
});
