import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures.js';
import { corpus, importPath, lineCounts, markdownPaper, openLibrary, tempFolder } from './testData.js';
import { writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

// The Library view on the real core behind `scholium serve`, on a fresh library per test.

/** Drops files on the Library's drop zone, or, given `on`, on any element of any view. */
async function dropFiles(
  page: Page,
  files: { name: string; type: string; bytes: Buffer }[],
  on?: Locator,
): Promise<void> {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list)
        dt.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, data: f.bytes.toString('base64') })),
  );
  if (on !== undefined) return on.dispatchEvent('drop', { dataTransfer: transfer });
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop papers to import them')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

const pdf = (name: string) => ({ name, type: 'application/pdf', bytes: fs.readFileSync(path.join(corpus, name)) });
const text = (name: string, content: string) => ({ name, type: 'text/plain', bytes: Buffer.from(content) });

const TRACING = markdownPaper('Tracing JITs for dynamic languages', [
  'A tracing JIT records the hot loops of a program as traces and compiles each trace to machine code.',
  'Every compiled trace contains guards that check the assumptions made while recording.',
]);

test('dropped documents are sent, imported and listed; a dropped file of another kind is refused with a message', async ({
  page,
  host,
}) => {
  await openLibrary(page, host.url);
  await expect(page.getByRole('region', { name: 'No papers yet' })).toBeVisible();

  await dropFiles(page, [
    text('tracing.md', TRACING),
    text(
      'berkeley-db.txt',
      'Berkeley DB: a storage library\n\nBerkeley DB provides transactions, recovery and several access methods in a small library.\n',
    ),
    { name: 'figure.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  ]);
  await expect(page.getByTestId('refused')).toContainText('figure.png: Not a document Scholium imports');
  const jobs = page.getByRole('region', { name: 'Imports and indexing' });
  await expect(jobs.getByRole('listitem', { name: 'Import of 2 items' })).toHaveAttribute('data-state', 'done', {
    timeout: 30_000,
  });
  for (const name of ['tracing.md', 'berkeley-db.txt'])
    await expect(jobs.getByRole('listitem', { name })).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-report')).toContainText('2 imported.');
  const titles = page.getByTestId('paper-row').locator('td:nth-child(2)');
  await expect(titles).toHaveText(['Berkeley DB: a storage library', 'Tracing JITs for dynamic languages']);
  await saveScreenshot(page, 'library-imported');

  // The same bytes dropped again are recognised, not imported twice, and its job says so.
  await dropFiles(page, [text('tracing-copy.md', TRACING)]);
  await expect(page.getByTestId('import-report')).toContainText('0 imported, 1 already in the library.');
  await expect(page.getByTestId('paper-row')).toHaveCount(2);
  const copy = jobs.getByRole('listitem', { name: 'tracing-copy.md', exact: true });
  await expect(copy).toHaveAttribute('data-state', 'done');
  await expect(copy.getByTestId('job-outcome')).toHaveText('Already in the library (the same content as tracing.md)');
});

test('finished imports cleared from the panel stay cleared when the Library is left and opened again', async ({
  page,
  host,
}) => {
  await openLibrary(page, host.url);
  await dropFiles(page, [text('tracing.md', TRACING)]);
  const jobs = page.getByRole('region', { name: 'Imports and indexing' });
  await expect(jobs.getByRole('listitem', { name: 'tracing.md', exact: true })).toHaveAttribute('data-state', 'done', {
    timeout: 30_000,
  });
  await expect(jobs.getByRole('listitem', { name: /^Import of / })).toHaveAttribute('data-state', 'done');
  await jobs.getByRole('button', { name: 'Clear finished' }).click();
  await expect(jobs).toHaveCount(0);
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask' })).toBeVisible();
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await expect(page.getByTestId('paper-row')).toHaveCount(1);
  await expect(jobs).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('paper-row')).toHaveCount(1);
  await expect(jobs).toHaveCount(0);
});

test('a file sent from the browser that cannot be read is named as the user named it, not by its place in the library', async ({
  page,
  host,
}) => {
  const whole = fs.readFileSync(path.join(corpus, 'dtc-paper.pdf'));
  await openLibrary(page, host.url);
  await dropFiles(page, [
    { name: 'truncated.pdf', type: 'application/pdf', bytes: whole.subarray(0, Math.floor(whole.length / 3)) },
  ]);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('0 imported, 1 failed.', { timeout: 60_000 });
  const row = report.getByRole('row', { name: /truncated\.pdf/ });
  await expect(row).toContainText('Failedtruncated.pdf is damaged or truncated');
  await expect(row.locator('td.file')).toHaveAttribute('title', 'truncated.pdf');
  const job = page.getByRole('listitem', { name: 'truncated.pdf', exact: true });
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job).toContainText(/^truncated\.pdf.*truncated\.pdf is damaged or truncated/);
  for (const shown of [await report.textContent(), await job.textContent()]) {
    expect(shown).not.toContain(host.libraryDir);
    expect(shown).not.toContain('uploads');
  }
});

test('files dropped on another view go to the Library and are imported there, a non-document refused', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await dropFiles(
    page,
    [
      text('tracing.md', TRACING),
      { name: 'figure.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ],
    page.getByRole('heading', { level: 1, name: 'Ask' }),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByTestId('refused')).toContainText('figure.png: Not a document Scholium imports');
  await expect(page.getByTestId('import-report')).toContainText('1 imported.');
  await expect(page.getByTestId('paper-row')).toHaveCount(1);
});

test('a folder chosen with the folder picker is sent file by file; what is not a document is refused', async ({
  page,
  host,
}) => {
  const dir = tempFolder({
    'tracing.md': TRACING,
    'figure.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'notes.txt': 'Notes on retrieval\n\nRetrieval finds the passages.\n',
  });
  try {
    await openLibrary(page, host.url);
    await page.getByTestId('folder-input').setInputFiles(dir);
    await expect(page.getByTestId('refused')).toContainText(
      `${path.basename(dir)}/figure.png: Not a document Scholium imports`,
    );
    await expect(page.getByTestId('import-report')).toContainText('2 imported.', { timeout: 30_000 });
    await expect(page.getByTestId('paper-row')).toHaveCount(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('dropped PDFs are imported with live progress per file, page by page', async ({ page, host }) => {
  await openLibrary(page, host.url);
  await dropFiles(page, [pdf('tracemonkey.pdf'), pdf('dtc-paper.pdf')]);
  const jobs = page.getByRole('region', { name: 'Imports and indexing' });
  const trace = jobs.getByRole('listitem', { name: 'tracemonkey.pdf' });
  await expect(trace.getByRole('progressbar')).toBeVisible();
  await expect(trace).toContainText(/\d+ of 14/);
  await saveScreenshot(page, 'library-importing');
  await expect(jobs.getByRole('listitem', { name: 'Import of 2 items' })).toHaveAttribute('data-state', 'done', {
    timeout: 120_000,
  });
  await expect(trace).toHaveAttribute('data-state', 'done');
  // Finished, each says what it did rather than its last stage.
  await expect(trace).toContainText('Read and indexed, 14 pages');
  await expect(trace).not.toContainText('Indexing');
  await expect(jobs.getByRole('listitem', { name: 'Import of 2 items' })).toContainText('2 of 2 items handled');
  await expect(page.getByTestId('paper-row')).toHaveCount(2);
  expect((await page.getByTestId('paper-row').locator('td:nth-child(5)').allTextContents()).sort()).toEqual([
    '14',
    '7',
  ]);
  // Where each appeared, as its first page prints it: tracemonkey's ACM tag; the device-tree paper prints none.
  await expect(page.getByTestId('paper-row').filter({ hasText: 'Trace-based' }).getByTestId('paper-venue')).toHaveText(
    'Conference paper · PLDI’09',
  );
  await expect(
    page.getByTestId('paper-row').filter({ hasText: 'Device trees' }).getByTestId('paper-venue'),
  ).toHaveCount(0);
  // Year, pages, status and date read as one unit each: long titles wrap, these never do.
  expect(await lineCounts(page.getByTestId('paper-row').locator('td.short'))).toEqual(Array(8).fill(1));
});

test('the import report lists failed and skipped files with their reasons; the rest imports', async ({
  page,
  host,
}) => {
  const whole = fs.readFileSync(path.join(corpus, 'dtc-paper.pdf'));
  const dir = tempFolder({
    'good.md': TRACING,
    'empty.txt': '',
    'slides.pptx': 'PK',
    'truncated.pdf': whole.subarray(0, Math.floor(whole.length / 3)),
  });
  try {
    await openLibrary(page, host.url);
    await importPath(page, dir);
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('1 imported, 2 failed, 1 skipped.', { timeout: 60_000 });
    await expect(report.getByRole('row', { name: /empty\.txt/ })).toContainText(
      `Failed${path.join(dir, 'empty.txt')} is empty (0 bytes).`,
    );
    await expect(report.getByRole('row', { name: /slides\.pptx/ })).toContainText(
      'SkippedNot a document Scholium imports (.pptx)',
    );
    await expect(report.getByRole('row', { name: /truncated\.pdf/ })).toContainText(
      `Failed${path.join(dir, 'truncated.pdf')} is damaged or truncated: pdf.js could not read its structure`,
    );
    // A file name is never broken inside (the long reason beside it wraps instead).
    expect(await lineCounts(report.locator('td.file'))).toEqual([1, 1, 1]);
    await expect(page.getByRole('listitem', { name: 'truncated.pdf' })).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('paper-row')).toHaveCount(1);
    await saveScreenshot(page, 'library-report');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a watched folder is imported, follows new files, is listed, and can be let go', async ({ page, host }) => {
  const dir = tempFolder({ 'first.md': markdownPaper('The first note', ['Notes on retrieval.']) });
  try {
    await openLibrary(page, host.url);
    await importPath(page, dir, { watch: true });
    await expect(page.getByTestId('import-report')).toContainText('1 imported.');
    const watched = page.getByRole('region', { name: 'Watched folders' });
    await expect(watched).toContainText(dir);
    // A file saved into the folder later joins the library by itself.
    fs.writeFileSync(path.join(dir, 'second.md'), markdownPaper('The second note', ['Notes on citations.']));
    await expect(page.getByTestId('paper-row')).toHaveCount(2, { timeout: 30_000 });
    await watched.getByRole('button', { name: `Stop watching ${dir}` }).click();
    await expect(watched).toHaveCount(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an import of long papers can be cancelled while it runs; what was not finished stays out', async ({
  page,
  host,
}) => {
  const names = ['lme4-lmer.pdf', 'clm_article.pdf', 'paperqa-wellawatte.pdf', '2203.00130v1.pdf'];
  const dir = tempFolder(Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(corpus, n))])));
  try {
    await openLibrary(page, host.url);
    await importPath(page, dir);
    const jobs = page.getByRole('region', { name: 'Imports and indexing' });
    // A file job shows its pages as they are read; the whole import (its file jobs come and go under it) is cancelled.
    await expect(jobs.getByRole('listitem', { name: 'lme4-lmer.pdf', exact: true })).toContainText(/\d+ of 51/, {
      timeout: 30_000,
    });
    const whole = jobs.getByRole('listitem', { name: /^Import of / });
    await whole.getByRole('button', { name: /^Cancel Import of / }).click();
    await expect(whole).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    await expect(whole.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
    await expect(jobs.getByRole('listitem', { name: 'lme4-lmer.pdf', exact: true })).toHaveAttribute(
      'data-state',
      'cancelled',
    );
    // What the core kept, after a reload: fewer papers than files.
    await page.reload();
    const count = page.getByTestId('paper-count');
    const empty = page.getByRole('region', { name: 'No papers yet' });
    await expect(count.or(empty)).toBeVisible();
    const kept = (await empty.isVisible()) ? 0 : Number((await count.textContent())!.split(' ')[0]);
    expect(kept).toBeLessThan(names.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('papers sort, search and filter by collection; metadata edits are checked, saved and kept', async ({
  page,
  host,
}) => {
  const records = [
    {
      _id: 'a',
      title: 'Trace trees',
      authors: ['Andreas Gal'],
      year: 2009,
      text: 'Trace trees cover the hot loops of a program.',
    },
    {
      _id: 'b',
      title: 'Device trees everywhere',
      authors: ['David Gibson'],
      year: 2008,
      text: 'A device tree describes the hardware of a machine.',
    },
    {
      _id: 'c',
      title: 'Berkeley DB',
      authors: ['Michael Olson'],
      year: 1999,
      text: 'Berkeley DB is an embedded database library.',
    },
  ];
  await openLibrary(page, host.url);
  await page.getByTestId('file-input').setInputFiles({
    name: 'papers.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')),
  });
  await expect(page.getByTestId('paper-row')).toHaveCount(3, { timeout: 30_000 });
  const titles = page.getByTestId('paper-row').locator('td:nth-child(2)');
  await page.getByRole('button', { name: 'Year' }).click();
  await expect(page.getByRole('columnheader', { name: 'Year' })).toHaveAttribute('aria-sort', 'descending');
  await expect(titles).toHaveText(['Trace trees', 'Device trees everywhere', 'Berkeley DB']);
  await page.getByRole('button', { name: 'Year' }).click();
  await expect(titles).toHaveText(['Berkeley DB', 'Device trees everywhere', 'Trace trees']);

  await page.getByRole('searchbox', { name: 'Search titles, authors and years' }).fill('trees');
  await expect(page.getByTestId('paper-count')).toHaveText('2 of 3 papers');
  // The header box ticks every paper shown; one cleared again leaves it part-ticked.
  const all = page.getByRole('checkbox', { name: 'Select all papers shown' });
  await all.check();
  await expect(page.getByRole('group', { name: 'Selected papers' })).toContainText('2 selected');
  await page.getByRole('checkbox', { name: 'Select “Device trees everywhere”' }).uncheck();
  await expect(all).not.toBeChecked();
  await expect(all).toHaveJSProperty('indeterminate', true);
  await expect(page.getByRole('checkbox', { name: 'Select “Trace trees”' })).toBeChecked();
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
  await expect(titles).toHaveText(['Trace-based JIT type specialization']);
  await saveScreenshot(page, 'library-detail');

  // Kept by the core: after a reload the edit is there, the DOI in its bare form.
  await page.reload();
  const again = page.getByRole('form', { name: 'Metadata' });
  await expect(again.getByRole('textbox', { name: 'Title' })).toHaveValue('Trace-based JIT type specialization');
  await expect(again.getByRole('textbox', { name: 'DOI' })).toHaveValue('10.1145/1542476.1542528');
});

test('a paper opened far down a long list brings its detail into view', async ({ page, host }) => {
  const records = Array.from({ length: 40 }, (_, i) => ({
    _id: `n${i}`,
    title: `Note ${String(i).padStart(2, '0')}`,
    year: 2000 + i,
    text: `Note ${i} is about topic ${i}.`,
  }));
  await openLibrary(page, host.url);
  await page.getByTestId('file-input').setInputFiles({
    name: 'notes.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')),
  });
  await expect(page.getByTestId('paper-row')).toHaveCount(40, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Title' }).click();
  await page.getByRole('link', { name: 'Note 39' }).click();
  await expect(page.locator('#paper-detail-heading')).toHaveText('Note 39');
  await expect(page.locator('#paper-detail-heading')).toBeInViewport();
});

test('the count of embedded passages goes up while they are embedded, without a reload', async ({ page, host }) => {
  const dir = tempFolder({});
  try {
    // A tiny embedding model (it declares pooling) set as the embedding model through the Models view; imports are then embedded in the background.
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page
      .getByRole('textbox', { name: 'Model file path' })
      .fill(writeTinyLlama(path.join(dir, 'tiny.gguf'), { pooling: true }));
    await page.getByRole('button', { name: 'Add model' }).click();
    await page
      .getByRole('combobox', { name: 'Embedding (meaning-based search)' })
      .selectOption({ label: 'tiny-llama-test' });
    await expect(page.getByTestId('model-row')).toContainText('default for embedding');
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    const notes = Array.from({ length: 40 }, (_, i) => ({ _id: `n${i}`, title: `Note ${i}`, text: `Note ${i}.` }));
    await page.getByTestId('file-input').setInputFiles({
      name: 'notes.jsonl',
      mimeType: 'application/jsonl',
      buffer: Buffer.from(notes.map((n) => JSON.stringify(n)).join('\n')),
    });
    await expect(page.getByTestId('paper-count')).toHaveText('40 papers', { timeout: 60_000 });
    await expect(page.getByTestId('embedding-note')).toHaveText(/: 40 of 40 passages embedded\.$/, {
      timeout: 60_000,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
