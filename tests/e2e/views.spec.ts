import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { askDouble, tracemonkey } from './askDouble.js';
import { corpus, libraryDouble } from './libraryDouble.js';
import { modelsHandlers } from './modelsDouble.js';

/** Every view and its main states, in light and dark: no serious or critical axe violations, and a screenshot of each. */
async function scan(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `views-${name}`);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${name}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view, empty, in ${scheme} mode`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await libraryDouble(page, { also: { ...modelsHandlers().handlers, 'conversations.list': () => ({ ok: true, value: [] }) } });
    await page.goto(host.url);
    for (const view of ['Library', 'Ask', 'Reader', 'Models', 'Settings']) {
      await page.getByRole('link', { name: view, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
      await scan(page, `${view.toLowerCase()}-empty-${scheme}`);
    }
  });

  test(`an answer with a citation card open, then the cited page, in ${scheme} mode`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await askDouble(page);
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    await page.getByRole('textbox', { name: 'Question' }).fill('What do compiled traces contain?');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('turn')).toBeVisible();
    await page.getByRole('button', { name: /^Citation 1/ }).focus();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await scan(page, `ask-answer-${scheme}`);
    await page.keyboard.press('o');
    await expect(page.getByTestId('highlight')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Find in paper' }).fill('guards');
    await expect(page.getByTestId('find-status')).toHaveText(/of/);
    await scan(page, `reader-${scheme}`);
  });

  test(`the library mid-import with a report and a paper open, and the models view filled, in ${scheme} mode`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const models = modelsHandlers();
    await libraryDouble(page, { msPerPage: 400, also: models.handlers });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-views-'));
    fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(dir, 'tb87nemeth.pdf'));
    fs.writeFileSync(path.join(dir, 'broken.pdf'), fs.readFileSync(path.join(corpus, 'dtc-paper.pdf')).subarray(0, 5000));
    try {
      await page.goto(host.url);
      await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill(dir);
      await page.getByRole('button', { name: 'Import path' }).click();
      await expect(page.getByRole('listitem', { name: 'tb87nemeth.pdf' })).toContainText(/of 6/);
      await scan(page, `library-importing-${scheme}`);
      await expect(page.getByTestId('import-report')).toContainText('1 imported, 1 failed.', { timeout: 10_000 });
      await page.getByTestId('paper-row').getByRole('link').click();
      await expect(page.getByRole('form', { name: 'Metadata' })).toBeVisible();
      await scan(page, `library-report-detail-${scheme}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('textbox', { name: 'Model file path' }).fill('/models/gemma.gguf');
    await page.getByRole('button', { name: 'Add model' }).click();
    await expect(page.getByTestId('model-row')).toBeVisible();
    await scan(page, `models-${scheme}`);
  });
}

test('the reader in place of an unreadable PDF', async ({ page, host }) => {
  await page.route('**/files/*.pdf*', (route) => route.fulfill({ status: 200, contentType: 'application/pdf', body: fs.readFileSync(tracemonkey).subarray(0, 1000) }));
  await page.goto(host.url);
  await page.evaluate(() => (window.location.hash = '#/reader/broken'));
  await expect(page.getByRole('alert')).toBeVisible();
  await scan(page, 'reader-error');
});

test('when the host goes away, every view says it is reconnecting', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toHaveCount(0);
  host.process.kill('SIGTERM');
  await expect(page.getByRole('status').filter({ hasText: 'Connection to Scholium lost. Reconnecting…' })).toBeVisible();
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  await scan(page, 'reconnecting');
});
