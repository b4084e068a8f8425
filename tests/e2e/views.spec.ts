import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import {
  corpus,
  forcedAnswers,
  importAndWait,
  importPath,
  lineCounts,
  markdownPaper,
  openLibrary,
  scholium,
  tempFolder,
} from './testData.js';
import { FIRST_NORMAL_TOKEN, writeForcingAdapter, writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

/** A large and a small laptop screen: every view is looked at in both. */
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** The placeholders of visible, empty one-line boxes that are wider than their box, so the hint they give is cut off. */
async function cutPlaceholders(page: Page): Promise<string[]> {
  return page.locator('input[placeholder]:visible').evaluateAll((els) => {
    const context = document.createElement('canvas').getContext('2d')!;
    return (els as HTMLInputElement[])
      .filter((el) => {
        const style = getComputedStyle(el);
        context.font = style.font;
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return el.value === '' && context.measureText(el.placeholder).width > room + 1;
      })
      .map((el) => el.placeholder);
  });
}

/**
 * Every view and its main states, in light and dark, at both sizes: no serious or critical axe violations, nothing
 * wider than the window, and a screenshot of each (tests/e2e/screenshots/views-<state>-<width>x<height>.png). Soft
 * checks, so one run lists every view's problems.
 */
async function scan(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SIZES) {
    const where = `${name} at ${size.width}×${size.height}`;
    await page.setViewportSize(size);
    await saveScreenshot(page, `views-${name}-${size.width}x${size.height}`);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect
      .soft(serious.map((v) => `${where}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))
      .toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect.soft(overflow, `${where}: px wider than the window`).toBe(0);
    expect.soft(await cutPlaceholders(page), `${where}: placeholders cut short by their box`).toEqual([]);
  }
  if (before !== null) await page.setViewportSize(before);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view, empty, in ${scheme} mode`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(host.url);
    for (const view of ['Library', 'Ask', 'Reader', 'Models', 'Evaluation', 'Settings']) {
      await page.getByRole('link', { name: view, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
      // Settings' facts about the library and this computer arrive together: scan them, not their placeholders.
      if (view === 'Settings') await expect(page.getByTestId('llama-backend')).not.toHaveText('…');
      await scan(page, `${view.toLowerCase()}-empty-${scheme}`);
      expect(await lineCounts(page.locator('.empty code'))).not.toContain(2);
    }
  });

  test(`an answer with a citation card open, then the cited page, in ${scheme} mode`, async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openLibrary(page, host.url);
    await importAndWait(page, path.join(corpus, 'tracemonkey.pdf'), 1);
    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    await page.getByRole('textbox', { name: 'Question' }).fill('What does every compiled trace contain?');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('turn')).toContainText('Extractive answer', { timeout: 60_000 });
    await page
      .getByRole('button', { name: /^Citation 1/ })
      .first()
      .focus();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await scan(page, `ask-answer-${scheme}`);
    await page.keyboard.press('o');
    await expect(page.getByTestId('highlight').first()).toBeVisible();
    await page.getByRole('searchbox', { name: 'Find in paper' }).fill('guards');
    await expect(page.getByTestId('find-status')).toHaveText(/\d+ match/);
    await scan(page, `reader-${scheme}`);
  });

  test(`the library mid-import, its report with a paper open, and the models view filled, in ${scheme} mode`, async ({
    page,
    host,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const dir = tempFolder({
      'tracing.md': markdownPaper('Tracing JITs for dynamic languages', [
        'A tracing JIT compiles the hot loops of a program.',
      ]),
      'broken.pdf': fs.readFileSync(path.join(corpus, 'dtc-paper.pdf')).subarray(0, 5000),
      'empty.txt': '',
    });
    const longPapers = tempFolder(
      Object.fromEntries(
        ['lme4-lmer.pdf', 'clm_article.pdf', 'paperqa-wellawatte.pdf', '2203.00130v1.pdf'].map((n) => [
          n,
          fs.readFileSync(path.join(corpus, n)),
        ]),
      ),
    );
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-views-models-'));
    try {
      await openLibrary(page, host.url);
      // Four long papers take long enough to show an import at work, page by page, through the scan.
      await importPath(page, longPapers);
      const jobs = page.getByRole('region', { name: 'Imports and indexing' });
      await expect(jobs.getByRole('listitem', { name: 'lme4-lmer.pdf', exact: true })).toContainText(/\d+ of 51/, {
        timeout: 30_000,
      });
      await scan(page, `library-importing-${scheme}`);
      // Stop it if the scan has not outlasted it (cancelling itself is tested in library.spec.ts).
      const cancel = jobs.getByRole('button', { name: /^Cancel Import of / });
      if (await cancel.isVisible()) await cancel.click();
      await expect(jobs.getByRole('listitem', { name: /^Import of / })).not.toHaveAttribute('data-state', 'running', {
        timeout: 120_000,
      });

      await importPath(page, dir);
      await expect(page.getByTestId('import-report')).toContainText('1 imported, 2 failed.', { timeout: 30_000 });
      await page.getByRole('searchbox', { name: 'Search titles, authors and years' }).fill('Tracing JITs');
      await page.getByRole('link', { name: 'Tracing JITs for dynamic languages' }).click();
      await expect(page.getByRole('form', { name: 'Metadata' })).toBeVisible();
      await scan(page, `library-report-detail-${scheme}`);

      await page.getByRole('link', { name: 'Models', exact: true }).click();
      await page
        .getByRole('textbox', { name: 'Model file path' })
        .fill(writeTinyLlama(path.join(models, 'tiny-llama.gguf')));
      await page.getByRole('button', { name: 'Add model' }).click();
      await page
        .getByRole('textbox', { name: 'Adapter path' })
        .fill(writeForcingAdapter(path.join(models, 'adapter.gguf'), { token: FIRST_NORMAL_TOKEN }));
      await page.getByRole('button', { name: 'Add adapter' }).click();
      await expect(page.getByTestId('model-row')).toBeVisible();
      await expect(page.getByTestId('adapter')).toBeVisible();
      await scan(page, `models-${scheme}`);
      // On the small window the model's name stays on one line (its file's path, which breaks anywhere, let the
      // column shrink until the name wrapped).
      await page.setViewportSize({ width: 1024, height: 700 });
      expect(await lineCounts(page.getByTestId('model-row').locator('strong'))).toEqual([1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(models, { recursive: true, force: true });
      fs.rmSync(longPapers, { recursive: true, force: true });
    }
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the evaluation tabs filled, in ${scheme} mode`, async ({ page, host }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    const { model, adapter, cleanup } = forcedAnswers(host.libraryDir);
    try {
      const run = scholium(host.libraryDir, [
        'eval',
        'run',
        'Forced answers',
        '--model',
        model,
        '--adapter',
        `${adapter}:1`,
        '--max-tokens',
        '1',
        '-k',
        '3',
      ]) as { runId: string };
      await page.goto(host.url);
      await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
      await page.getByRole('button', { name: 'Forced answers' }).click();
      await expect(page.getByRole('region', { name: 'Forced answers' })).toBeVisible();
      await scan(page, `evaluation-set-${scheme}`);
      const tabs = page.getByRole('navigation', { name: 'Evaluation' });
      await tabs.getByRole('link', { name: 'Runs' }).click();
      await expect(page.getByRole('region', { name: 'New run' })).toBeVisible();
      await scan(page, `evaluation-runs-${scheme}`);
      await page.getByRole('link', { name: 'Forced answers' }).click();
      await expect(page).toHaveURL(new RegExp(`/evaluation/compare/${run.runId}$`));
      await expect(page.getByRole('listitem', { name: 'Question 2' })).toBeVisible();
      await scan(page, `evaluation-compare-${scheme}`);
      // The page is taller than the window: scrolled to its end, the sidebar is still there.
      await page.setViewportSize({ width: 1024, height: 700 });
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(700);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect(page.getByRole('link', { name: 'Settings', exact: true })).toBeInViewport();
      // Latency reads as one unit on the small window too ("2 ms /" above "2.2 s" did not).
      expect(await lineCounts(page.locator('.eval-table tbody td:last-child'))).toEqual([1, 1, 1, 1]);
      await tabs.getByRole('link', { name: 'Training data' }).click();
      await expect(page.getByRole('region', { name: 'Training data' })).toBeVisible();
      await scan(page, `evaluation-export-${scheme}`);
    } finally {
      cleanup();
    }
  });
}

test('the reader in place of a paper it cannot show', async ({ page, host }) => {
  await page.goto(host.url);
  await page.evaluate(() => (window.location.hash = '#/reader/no-such-paper'));
  await expect(page.getByRole('alert')).toContainText('There is no paper with id no-such-paper in the library.');
  await scan(page, 'reader-error');
});

test('when the host goes away, every view says it is reconnecting', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toHaveCount(0);
  host.process.kill('SIGTERM');
  await expect(
    page.getByRole('status').filter({ hasText: 'Connection to Scholium lost. Reconnecting…' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  await scan(page, 'reconnecting');
});
