import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test, type ScholiumHost } from './fixtures.js';
import { hostServesFiles, hostSupports, pdfImportProblem } from './hostProbe.js';
import { coveredShare, highlightRects, type Rect } from './pdfGeometry.js';

/*
 * The whole path on the real core, real PDFs from ../shared/corpus: import
 * with live progress, the report of a corrupt file, cancel, then an
 * extractive answer whose citation opens the Reader on the cited words.
 * Each test says which service it waits for when one has not landed yet.
 */
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');

async function requireServices(host: ScholiumHost, needs: { ops: [string, Record<string, unknown>][]; files?: boolean; pdf?: boolean }): Promise<void> {
  const missing: string[] = [];
  const pdf = needs.pdf === true ? await pdfImportProblem() : null;
  if (pdf !== null) missing.push(`PDF import (a corpus paper fails: ${pdf})`);
  for (const [op, payload] of needs.ops) if (!(await hostSupports(host, op, payload))) missing.push(op);
  if (needs.files === true && !(await hostServesFiles(host))) missing.push('the host route /files/<paperId>.pdf');
  if (missing.length > 0) console.warn(`flow.spec: skipped, the core does not serve ${missing.join(', ')} yet`);
  test.info().skip(missing.length > 0, `waiting for ${missing.join(', ')}`);
}

function tempFolder(files: Record<string, Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-flow-'));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

async function importPath(page: Page, dir: string): Promise<void> {
  await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill(dir);
  await page.getByRole('button', { name: 'Import path' }).click();
}

const LIBRARY: [string, Record<string, unknown>][] = [['library.papers', {}]];

test('two papers picked in the browser are imported with live progress; a corrupt file is reported with its reason', async ({ page, host }) => {
  await requireServices(host, { ops: LIBRARY, pdf: true });
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles([path.join(corpus, 'tracemonkey.pdf'), path.join(corpus, 'dtc-paper.pdf')]);
  const jobs = page.getByRole('region', { name: 'Imports and indexing' });
  await expect(jobs.getByRole('progressbar').first()).toBeVisible();
  await saveScreenshot(page, 'flow-importing');
  await expect(jobs.getByRole('listitem', { name: /^Import of / })).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  for (const name of ['tracemonkey.pdf', 'dtc-paper.pdf']) await expect(jobs.getByRole('listitem', { name })).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('paper-row')).toHaveCount(2);
  await expect(page.getByTestId('import-report')).toContainText('2 imported');

  const whole = fs.readFileSync(path.join(corpus, 'bdb_usenix.pdf'));
  const dir = tempFolder({ 'truncated.pdf': whole.subarray(0, Math.floor(whole.length / 2)) });
  try {
    await importPath(page, dir);
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('0 imported, 1 failed', { timeout: 30_000 });
    await expect(report.getByRole('row', { name: /truncated\.pdf/ })).toContainText('Failed');
    await saveScreenshot(page, 'flow-report');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an import of long papers can be cancelled while it runs', async ({ page, host }) => {
  await requireServices(host, { ops: LIBRARY, pdf: true });
  const names = ['lme4-lmer.pdf', 'clm_article.pdf', 'paperqa-wellawatte.pdf', '2203.00130v1.pdf'];
  const dir = tempFolder(Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(corpus, n))])));
  try {
    await page.goto(host.url);
    await importPath(page, dir);
    const jobs = page.getByRole('region', { name: 'Imports and indexing' });
    // The whole import (its per-file jobs come and go under it).
    const whole = jobs.getByRole('listitem', { name: /^Import of / });
    await expect(whole).toHaveAttribute('data-state', 'running');
    await whole.getByRole('button', { name: /^Cancel Import of / }).click();
    await expect(whole).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    await expect.poll(async () => (await page.getByTestId('paper-row').count()) < names.length).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Text-layer spans of the shown page whose text lies inside `quote` (whitespace and case folded). */
async function quoteSpans(page: Page, quote: string): Promise<Rect[]> {
  return page.locator('.textLayer span').evaluateAll((spans, q) => {
    const fold = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
    const whole = fold(q);
    return spans
      .filter((s) => fold(s.textContent ?? '').length >= 8 && whole.includes(fold(s.textContent ?? '')))
      .map((s) => {
        const r = s.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      });
  }, quote);
}

test('an extractive answer cites its passages; a citation opens the Reader on that page with the quoted words highlighted', async ({ page, host }) => {
  await requireServices(host, { ops: [...LIBRARY, ['conversations.list', {}]], files: true, pdf: true });
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles([path.join(corpus, 'tracemonkey.pdf'), path.join(corpus, 'bdb_usenix.pdf')]);
  await expect(page.getByTestId('paper-row')).toHaveCount(2, { timeout: 60_000 });

  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await page.getByRole('combobox', { name: 'Answer with' }).selectOption({ label: 'No model: quote the best sentences' });
  await page.keyboard.press('/');
  await page.keyboard.type('What does a trace tree cover in the tracing JIT?');
  await page.keyboard.press('Enter');
  const turn = page.getByTestId('turn');
  await expect(turn).toBeVisible({ timeout: 60_000 });
  await expect(turn).toContainText('Extractive answer');
  const chip = turn.locator('.cite-chip[data-status="verified"], .cite-chip[data-status="supported"]').first();
  await expect(chip).toBeVisible();
  await chip.focus();
  const tip = page.getByRole('tooltip');
  const page_ = Number(/page (\d+)/.exec((await tip.textContent()) ?? '')?.[1]);
  const quote = (await tip.locator('mark').textContent()) ?? '';
  expect(page_).toBeGreaterThan(0);
  expect(quote.length).toBeGreaterThan(10);
  await saveScreenshot(page, 'flow-answer');

  await chip.click();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue(String(page_));
  await expect(page.getByTestId('highlight').first()).toBeVisible();
  await expect(page.locator('.textLayer span').first()).toBeAttached();
  const spans = await quoteSpans(page, quote);
  expect(spans.length).toBeGreaterThan(0);
  const highlights = await highlightRects(page);
  const covered = spans.map((s) => coveredShare(s, highlights));
  expect(Math.max(...covered)).toBeGreaterThan(0.5);
  await saveScreenshot(page, 'flow-reader');
});
