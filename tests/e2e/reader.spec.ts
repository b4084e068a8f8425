import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import {
  coveredShare,
  highlightRects,
  phraseRects,
  textItemBox,
  textLayerRects,
  type PointBox,
  type Rect,
} from './pdfGeometry.js';
import { corpus, importAndWait, openLibrary, paperIdOf, tempFolder } from './testData.js';

// The Reader on the real core: papers imported from ../shared/corpus, their PDFs served by the host's /files/ route.

const tracemonkey = path.join(corpus, 'tracemonkey.pdf');

function encode(boxes: PointBox[]): string {
  return boxes.map((b) => `${b.page}:${b.x},${b.y},${b.w},${b.h}`).join(';');
}

/** Imports `file` and returns its paper id. */
async function importPaper(page: Page, url: string, file: string): Promise<string> {
  await openLibrary(page, url);
  await importAndWait(page, file, 1);
  return paperIdOf(page);
}

async function openReader(page: Page, paperId: string, query: string): Promise<void> {
  await page.evaluate(([id, q]) => (window.location.hash = `#/reader/${encodeURIComponent(id)}?${q}`), [
    paperId,
    query,
  ] as const);
}

test('the reader opens a paper at the cited page with the span highlighted over its text, at any zoom', async ({
  page,
  host,
}) => {
  const paperId = await importPaper(page, host.url, tracemonkey);
  const box = await textItemBox(tracemonkey, 2, 'Every compiled trace contains all the');
  await openReader(page, paperId, `hl=${encodeURIComponent(encode([box]))}`);

  await expect(page.getByTestId('page-count')).toHaveText('14');
  await expect(page.getByTestId('paper-title')).toHaveText(/Trace-based Just-in-Time Type Specialization/);
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('2');
  await expect(page.getByTestId('highlight-note')).toContainText('page 2');
  await expect(page.locator('.textLayer span', { hasText: 'Every compiled trace' })).toHaveCount(1);
  const check = async (): Promise<void> => {
    const [span] = await textLayerRects(page, 'Every compiled trace contains all the');
    expect(span).toBeDefined();
    expect(coveredShare(span!, await highlightRects(page))).toBeGreaterThan(0.6);
  };
  await check();
  await saveScreenshot(page, 'reader-highlight');

  const before = (await highlightRects(page))[0]!.width;
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('zoom-level')).toHaveText('110%');
  await expect.poll(async () => (await highlightRects(page))[0]!.width).toBeGreaterThan(before * 1.05);
  await check();

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('3');
  await expect(page.getByTestId('highlight')).toHaveCount(0);
  expect(page.url()).toContain('page=3');
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page.getByTestId('highlight')).toHaveCount(1);
});

test('a paper opened from the Library: find in paper counts matches across pages and steps through them', async ({
  page,
  host,
}) => {
  await importPaper(page, host.url, tracemonkey);
  await page.getByTestId('paper-row').getByRole('link').click();
  await page.getByRole('link', { name: 'Open in the Reader' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
  await expect(page.getByTestId('page-count')).toHaveText('14');
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('1');
  const find = page.getByRole('searchbox', { name: 'Find in paper' });
  await find.fill('trace tree');
  // Counted first; "1 of N" only once a match is current.
  await expect(page.getByTestId('find-status')).toHaveText(/^(No matches|\d+ matches)$/);
  await expect(page.locator('.find-hit.active')).toHaveCount(0);
  const total = Number((await page.getByTestId('find-status').textContent())!.split(' ')[0]);
  expect(total).toBeGreaterThan(5);
  await find.press('Enter');
  await expect(page.getByTestId('find-status')).toHaveText(`1 of ${total}`);
  await expect(page.locator('.find-hit.active')).toHaveCount(1);
  // The active hit sits on the words it matched.
  const hit = await page.locator('.find-hit.active').boundingBox();
  const spans = await textLayerRects(page, 'trace');
  expect(coveredShare(hit!, spans)).toBeGreaterThan(0.5);
  await find.press('Shift+Enter');
  await expect(page.getByTestId('find-status')).toHaveText(`${total} of ${total}`);
  await saveScreenshot(page, 'reader-find');

  await find.fill('no such phrase anywhere');
  await expect(page.getByTestId('find-status')).toHaveText('No matches');
});

test('a PDF that cannot be shown says why in place of the page: damaged, moved away, not in the library', async ({
  page,
  host,
}) => {
  const dir = tempFolder({ 'paper.pdf': fs.readFileSync(tracemonkey) });
  const file = path.join(dir, 'paper.pdf');
  try {
    const paperId = await importPaper(page, host.url, file);
    // Damaged on disk after the import.
    fs.writeFileSync(file, fs.readFileSync(tracemonkey).subarray(0, 2000));
    await openReader(page, paperId, 'page=1');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('This paper could not be shown');
    await expect(alert).toContainText(/not a readable PDF|could not be displayed/);
    await expect(page.getByRole('status')).toHaveCount(0);
    await saveScreenshot(page, 'reader-error');

    fs.rmSync(file);
    await page.reload();
    await expect(alert).toContainText(`is no longer at ${file}. Import it again from the Library to read it here.`);

    await openReader(page, 'no-such-paper', 'page=1');
    await expect(alert).toContainText('There is no paper with id no-such-paper in the library.');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the reader has no serious accessibility violations', async ({ page, host }) => {
  const paperId = await importPaper(page, host.url, tracemonkey);
  const box = await textItemBox(tracemonkey, 1, 'Trace-based');
  await openReader(page, paperId, `hl=${encodeURIComponent(encode([box]))}`);
  await expect(page.getByTestId('highlight')).toHaveCount(1);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('the reader fills the window without scrolling it, at 1024 × 700 and 1440 × 900, and opens again where it was left', async ({
  page,
  host,
}) => {
  const paperId = await importPaper(page, host.url, tracemonkey);
  await openReader(page, paperId, 'page=3');
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('3');
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size);
    await expect(page.locator('.pdf-canvas canvas')).toBeVisible();
    const overflow = await page.evaluate(() => ({
      down: document.documentElement.scrollHeight - window.innerHeight,
      across: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow, `${size.width} × ${size.height}`).toEqual({ down: 0, across: 0 });
    await expect(page.getByRole('region', { name: 'Page 3 of 14' })).toBeInViewport({ ratio: 1 });
  }

  // Away and back: the Reader opens the paper at the page it was left on, after a reload too.
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('link', { name: 'Reader', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('3');
  expect(page.url()).toContain(`/reader/${encodeURIComponent(paperId)}?page=3`);
  await page.evaluate(() => (window.location.hash = '#/reader'));
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('3');
  // Another paper is one link away.
  await page.getByRole('link', { name: 'Other papers' }).click();
  await expect(page.getByRole('navigation', { name: 'Papers to open' })).toContainText('Trace-based Just-in-Time');
});

test('a scanned page has a text layer from OCR: find, select, and a citation highlighted from its first word to its last', async ({
  page,
  host,
}) => {
  // Page 1 of Flax 2000, a scan without a text layer: read by OCR when imported.
  test.setTimeout(240_000);
  const dir = tempFolder({});
  try {
    const scan = path.join(dir, 'flax-page-1.pdf');
    const source = path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf');
    execFileSync('qpdf', [source, '--pages', source, '1', '--', scan]);
    await openLibrary(page, host.url);
    await importAndWait(page, scan, 1);
    const row = page.getByTestId('paper-row');
    await expect(row).toContainText('Full text (OCR)');
    // Listed as a reader would cite it: the title printed in capitals in title case, and the year printed only in the
    // conference tag at the page's foot ("SST-2000"), not the scan's PDF date (2008).
    await expect(row.getByRole('link')).toHaveText('Improved Auditory Masking Models');
    await expect(row.locator('td.short').first()).toHaveText('2000');
    await expect(row.getByTestId('paper-venue')).toHaveText(/^Conference paper · SST-2000: /);

    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    // The view listens for "/" once it is shown.
    await expect(page.getByRole('textbox', { name: 'Question' })).toBeVisible();
    await page.keyboard.press('/');
    await page.keyboard.type('How are masking thresholds found in the masking model?');
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn');
    await expect(turn).toContainText('Extractive answer', { timeout: 60_000 });
    const chip = turn.locator('.cite-chip[data-status="verified"]').first();
    await chip.hover();
    const quote = (await page.getByRole('tooltip').locator('mark').textContent()) ?? '';
    expect(quote.length).toBeGreaterThan(10);
    await chip.click();

    await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
    // The words OCR read lie over the scan as its text layer.
    await expect(page.locator('.textLayer span', { hasText: 'masking' }).first()).toBeAttached();
    // The quote is found in it: highlighted exactly, from its first word to its last, not from the passage's line boxes.
    await expect(page.locator('.hl-layer')).toHaveAttribute('data-exact', 'true');
    const highlights = (await highlightRects(page)).sort((a, b) => a.y - b.y || a.x - b.x);
    const words = quote.trim().split(/\s+/);
    const centre = (r: Rect): number => r.y + r.height / 2;
    const onLine = async (word: string, line: Rect): Promise<Rect> => {
      const [nearest] = (await phraseRects(page, word)).sort(
        (a, b) => Math.abs(centre(a) - centre(line)) - Math.abs(centre(b) - centre(line)),
      );
      expect(nearest, word).toBeDefined();
      return nearest!;
    };
    const first = await onLine(words[0]!, highlights[0]!);
    const last = await onLine(words.at(-1)!.replace(/[^\p{L}\p{N}]+$/u, ''), highlights.at(-1)!);
    expect(Math.abs(highlights[0]!.x - first.x)).toBeLessThan(3);
    const end = highlights.at(-1)!;
    expect(Math.abs(end.x + end.width - (last.x + last.width))).toBeLessThan(6);
    await saveScreenshot(page, 'reader-ocr-highlight');

    // Find counts and steps through the scanned page's words.
    const find = page.getByRole('searchbox', { name: 'Find in paper' });
    await find.fill('spreading function');
    await expect(page.getByTestId('find-status')).toHaveText(/^\d+ matches$/);
    await find.press('Enter');
    // The active hit is drawn over both words: its first piece over "spreading".
    const hit = await page.locator('.find-hit.active').first().boundingBox();
    expect(coveredShare(hit!, await phraseRects(page, 'spreading'))).toBeGreaterThan(0.5);

    // A word double-clicked is selected as text.
    const word = page.locator('.textLayer span', { hasText: /^Abstract/ }).first();
    await word.dblclick();
    expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe('Abstract');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
