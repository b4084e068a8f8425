import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures.js';
import { corpus, libraryDouble } from './libraryDouble.js';

// The Library view against a stand-in library service (see libraryDouble.ts).

async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, files.map((f) => ({ name: f.name, type: f.type, data: f.bytes.toString('base64') })));
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop PDF papers to import them')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

const pdf = (name: string) => ({ name, type: 'application/pdf', bytes: fs.readFileSync(path.join(corpus, name)) });

async function openLibrary(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
}

test('dropping papers imports them with live progress per file; a dropped non-PDF is refused', async ({ page, host }) => {
  const double = await libraryDouble(page, { msPerPage: 60 });
  await openLibrary(page, host.url);
  await expect(page.getByRole('region', { name: 'No papers yet' })).toBeVisible();

  await dropFiles(page, [pdf('tracemonkey.pdf'), pdf('dtc-paper.pdf'), { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('not a paper') }]);
  await expect(page.getByTestId('refused')).toContainText('notes.txt: Not a PDF');
  const trace = page.getByRole('listitem', { name: 'tracemonkey.pdf' });
  await expect(trace.getByTestId('job-message')).toHaveText('Reading text');
  await expect(trace.getByRole('progressbar')).toBeVisible();
  await expect(trace).toContainText(/\d+ of 14/);
  await saveScreenshot(page, 'library-importing');
  await expect(page.getByRole('listitem', { name: 'Import of 2 files' })).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await expect(trace).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('listitem', { name: 'dtc-paper.pdf' })).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('paper-row')).toHaveCount(2);
  await expect(page.getByTestId('import-report')).toContainText('2 imported.');

  // Both files went as bytes, whole, and nothing was sent for the refused one.
  const uploads = double.calls.filter((c) => c.op === 'library.upload');
  expect(new Set(uploads.map((u) => u.payload.name))).toEqual(new Set(['tracemonkey.pdf', 'dtc-paper.pdf']));
  expect(double.calls.find((c) => c.op === 'library.import')?.payload.uploads).toHaveLength(2);
  expect(double.papers.map((p) => p.pages).sort()).toEqual([14, 7].sort());
  await saveScreenshot(page, 'library-imported');
});

test('a corrupt file is listed in the import report with its reason; the rest imports', async ({ page, host }) => {
  await libraryDouble(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-corrupt-'));
  const whole = fs.readFileSync(path.join(corpus, 'dtc-paper.pdf'));
  fs.writeFileSync(path.join(dir, 'truncated.pdf'), whole.subarray(0, Math.floor(whole.length / 3)));
  fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(dir, 'tb87nemeth.pdf'));
  try {
    await openLibrary(page, host.url);
    await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill(dir);
    await page.getByRole('button', { name: 'Import path' }).click();
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('1 imported, 1 failed.');
    const row = report.getByRole('row', { name: /truncated\.pdf/ });
    await expect(row).toContainText('Failed');
    await expect(row).toContainText('damaged');
    await expect(page.getByRole('listitem', { name: 'truncated.pdf' })).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('paper-row')).toHaveCount(1);
    await saveScreenshot(page, 'library-report');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a watched folder is imported, listed, and can be let go', async ({ page, host }) => {
  const double = await libraryDouble(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-watch-'));
  fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(dir, 'tb87nemeth.pdf'));
  try {
    await openLibrary(page, host.url);
    await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill(dir);
    await page.getByRole('checkbox', { name: 'Keep watching' }).check();
    await page.getByRole('button', { name: 'Import path' }).click();
    await expect(page.getByTestId('import-report')).toContainText('1 imported.');
    expect(double.calls.filter((c) => c.op === 'library.watch').map((c) => c.payload)).toEqual([{ path: dir }]);
    const watched = page.getByRole('region', { name: 'Watched folders' });
    await expect(watched).toContainText(dir);
    await watched.getByRole('button', { name: `Stop watching ${dir}` }).click();
    await expect(watched).toHaveCount(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an import in progress can be cancelled', async ({ page, host }) => {
  const double = await libraryDouble(page, { msPerPage: 250 });
  await openLibrary(page, host.url);
  await page.getByTestId('file-input').setInputFiles(path.join(corpus, 'lme4-lmer.pdf'));
  const job = page.getByRole('listitem', { name: 'lme4-lmer.pdf' });
  await expect(job).toContainText(/\d+ of 51/);
  await page.getByRole('button', { name: 'Cancel lme4-lmer.pdf' }).click();
  await expect(job).toHaveAttribute('data-state', 'cancelled');
  await expect(job.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
  expect(double.calls.filter((c) => c.op === 'jobs.cancel')).toHaveLength(1);
  await expect(page.getByTestId('import-report')).toContainText('0 imported');
  expect(double.papers).toHaveLength(0);
});

test('papers sort, search and filter by collection; metadata edits are checked, then saved', async ({ page, host }) => {
  const paper = (paperId: string, title: string, year: number, pages: number) => ({
    paperId,
    title,
    authors: ['Ada Lovelace'],
    year,
    doi: null,
    pages,
    passages: pages * 3,
    file: `${paperId}.pdf`,
    format: 'pdf' as const,
    status: 'indexed' as const,
    ocr: false,
    addedAt: `2026-01-${String(pages).padStart(2, '0')}T10:00:00Z`,
    collectionIds: [],
    abstract: null,
  });
  const double = await libraryDouble(page, {
    papers: [paper('a', 'Trace trees', 2009, 14), paper('b', 'Device trees everywhere', 2008, 7), paper('c', 'Berkeley DB', 1999, 9)],
  });
  await openLibrary(page, host.url);
  const titles = page.getByTestId('paper-row').locator('td:nth-child(2)');
  await page.getByRole('button', { name: 'Year' }).click();
  await expect(page.getByRole('columnheader', { name: 'Year' })).toHaveAttribute('aria-sort', 'descending');
  await expect(titles).toHaveText(['Trace trees', 'Device trees everywhere', 'Berkeley DB']);
  await page.getByRole('button', { name: 'Year' }).click();
  await expect(titles).toHaveText(['Berkeley DB', 'Device trees everywhere', 'Trace trees']);

  await page.getByRole('searchbox', { name: 'Search titles, authors and years' }).fill('trees');
  await expect(page.getByTestId('paper-count')).toHaveText('2 of 3 papers');
  await page.getByRole('checkbox', { name: 'Select “Trace trees”' }).check();
  await page.getByRole('textbox', { name: 'New collection name' }).fill('Trees');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Selected papers' })).toContainText('Added 1 paper to “Trees”.');
  await page.getByRole('searchbox', { name: 'Search titles, authors and years' }).fill('');
  await page.getByRole('combobox', { name: 'Collection' }).selectOption({ label: 'Trees (1)' });
  await expect(titles).toHaveText(['Trace trees']);

  await page.getByRole('link', { name: 'Trace trees' }).click();
  const form = page.getByRole('form', { name: 'Metadata' });
  await form.getByRole('textbox', { name: 'Year' }).fill('20O9');
  await form.getByRole('button', { name: 'Save metadata' }).click();
  await expect(form.getByRole('alert')).toHaveText('“20O9” is not a year (four digits, e.g. 2019).');
  await form.getByRole('textbox', { name: 'Year' }).fill('2009');
  await form.getByRole('textbox', { name: 'Title' }).fill('Trace-based JIT type specialization');
  await form.getByRole('textbox', { name: 'DOI' }).fill('https://doi.org/10.1145/1542476.1542528');
  await form.getByRole('button', { name: 'Save metadata' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  expect(double.calls.find((c) => c.op === 'library.updateMetadata')?.payload).toEqual({ paperId: 'a', title: 'Trace-based JIT type specialization', doi: '10.1145/1542476.1542528' });
  await expect(titles).toHaveText(['Trace-based JIT type specialization']);
  await saveScreenshot(page, 'library-detail');
});
