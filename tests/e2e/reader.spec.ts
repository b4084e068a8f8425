import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { coveredShare, highlightRects, textItemBox, textLayerRects, type PointBox } from './pdfGeometry.js';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const tracemonkey = path.join(corpus, 'tracemonkey.pdf');

/**
 * The Reader on its own: the PDF bytes the host would serve at /files/<id>.pdf
 * are answered here, so these tests do not depend on an import.
 */
async function servePdf(page: Page, body: Buffer | null): Promise<void> {
  await page.route('**/files/*.pdf*', (route) =>
    body === null ? route.fulfill({ status: 404, body: 'No such paper.' }) : route.fulfill({ status: 200, contentType: 'application/pdf', body }),
  );
}

function encode(boxes: PointBox[]): string {
  return boxes.map((b) => `${b.page}:${b.x},${b.y},${b.w},${b.h}`).join(';');
}

async function openReader(page: Page, url: string, paperId: string, query: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.evaluate(([id, q]) => (window.location.hash = `#/reader/${id}?${q}`), [paperId, query] as const);
}

test('the reader opens a paper at the cited page with the span highlighted over its text, at any zoom', async ({ page, host }) => {
  await servePdf(page, fs.readFileSync(tracemonkey));
  const box = await textItemBox(tracemonkey, 2, 'Every compiled trace contains all the');
  await openReader(page, host.url, 'tracemonkey', `hl=${encodeURIComponent(encode([box]))}`);

  await expect(page.getByTestId('page-count')).toHaveText('14');
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

test('find in paper counts matches across pages and steps through them', async ({ page, host }) => {
  await servePdf(page, fs.readFileSync(tracemonkey));
  await openReader(page, host.url, 'tracemonkey', 'page=1');
  const find = page.getByRole('searchbox', { name: 'Find in paper' });
  await find.fill('trace tree');
  await expect(page.getByTestId('find-status')).toHaveText(/^(No matches|\d+ of \d+)$/);
  const total = Number((await page.getByTestId('find-status').textContent())!.split(' of ')[1]);
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

test('a PDF that cannot be read shows an error in place of the page', async ({ page, host }) => {
  const bytes = fs.readFileSync(tracemonkey);
  await servePdf(page, bytes.subarray(0, 2000));
  await openReader(page, host.url, 'broken', 'page=1');
  await expect(page.getByRole('alert')).toContainText('This paper could not be shown');
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText(/not a readable PDF|could not be displayed/);
  await saveScreenshot(page, 'reader-error');

  await page.unrouteAll();
  await servePdf(page, null);
  await page.evaluate(() => (window.location.hash = '#/reader/missing?page=1'));
  await expect(page.getByRole('alert')).toContainText('could not be loaded from the library');
});

test('the reader has no serious accessibility violations', async ({ page, host }) => {
  await servePdf(page, fs.readFileSync(tracemonkey));
  const box = await textItemBox(tracemonkey, 1, 'Trace-based');
  await openReader(page, host.url, 'tracemonkey', `hl=${encodeURIComponent(encode([box]))}`);
  await expect(page.getByTestId('highlight')).toHaveCount(1);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
