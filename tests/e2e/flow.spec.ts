import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures.js';
import { coveredShare, highlightRects, phraseRects, type Rect } from './pdfGeometry.js';
import { corpus } from './testData.js';

/*
 * The whole path on the real core with real PDFs from ../shared/corpus:
 * import with live progress, an extractive answer (no chat model), a
 * citation's card, and the Reader on the cited page with the quoted words highlighted.
 */

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

test('import two papers, ask without a model, and follow a citation to the highlighted words on its page', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await page
    .getByTestId('file-input')
    .setInputFiles([path.join(corpus, 'tracemonkey.pdf'), path.join(corpus, 'bdb_usenix.pdf')]);
  // Not "no papers yet" while the first ones are being read.
  await expect(page.getByRole('region', { name: 'Reading your first papers' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'No papers yet' })).toHaveCount(0);
  const jobs = page.getByRole('region', { name: 'Imports and indexing' });
  await expect(jobs.getByRole('listitem', { name: 'tracemonkey.pdf' })).toContainText(/\d+ of 14/, { timeout: 30_000 });
  await saveScreenshot(page, 'flow-importing');
  await expect(jobs.getByRole('listitem', { name: 'Import of 2 items' })).toHaveAttribute('data-state', 'done', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('import-report')).toContainText('2 imported.');
  await expect(page.getByTestId('paper-row')).toHaveCount(2);

  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await page
    .getByRole('combobox', { name: 'Answer with' })
    .selectOption({ label: 'No model: quote the best sentences' });
  await page.keyboard.press('/');
  await page.keyboard.type('What does a trace tree cover in the tracing JIT?');
  await page.keyboard.press('Enter');
  const turn = page.getByTestId('turn');
  await expect(turn).toContainText('Extractive answer', { timeout: 60_000 });
  const chip = turn.locator('.cite-chip[data-status="verified"], .cite-chip[data-status="supported"]').first();
  await chip.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText(/Trace-based Just-in-Time Type Specialization for Dynamic Languages, page \d+/);
  const cited = Number(/page (\d+)/.exec((await tip.textContent()) ?? '')?.[1]);
  const quote = (await tip.locator('mark').textContent()) ?? '';
  expect(quote.length).toBeGreaterThan(10);
  await saveScreenshot(page, 'flow-answer');

  await chip.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue(String(cited));
  await expect(page.getByTestId('highlight').first()).toBeVisible();
  await expect(page.locator('.textLayer span').first()).toBeAttached();
  // Drawn over the quoted words found in the text layer, not spread over the passage's lines by width.
  await expect(page.locator('.hl-layer')).toHaveAttribute('data-exact', 'true');
  await saveScreenshot(page, 'flow-reader');
  // The page scrolls inside the Reader; the window itself does not scroll.
  expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
  const spans = await quoteSpans(page, quote);
  expect(spans.length).toBeGreaterThan(0);
  const highlights = (await highlightRects(page)).sort((a, b) => a.y - b.y);
  for (const span of spans) expect(coveredShare(span, highlights)).toBeGreaterThan(0.5);
  // It starts at the quote's first word and ends at its last, to within a few pixels: no more, no less.
  const words = quote.trim().split(/\s+/);
  const [top, bottom] = [highlights[0]!, highlights.at(-1)!];
  const centre = (r: Rect): number => r.y + r.height / 2;
  // The first phrase (longest first) that the text layer holds within one span on that line: a word at a line's end may
  // be hyphenated.
  const onLine = async (phrases: string[], line: Rect): Promise<Rect> => {
    for (const phrase of phrases) {
      const [nearest] = (await phraseRects(page, phrase)).sort(
        (a, b) => Math.abs(centre(a) - centre(line)) - Math.abs(centre(b) - centre(line)),
      );
      if (nearest !== undefined && Math.abs(centre(nearest) - centre(line)) < nearest.height / 2) return nearest;
    }
    throw new Error(`None of ${JSON.stringify(phrases)} lies on the highlighted line`);
  };
  const bare = (text: string): string => text.replace(/[^\p{L}\p{N}]+$/u, '');
  const first = await onLine(
    [3, 2, 1].map((n) => words.slice(0, n).join(' ')),
    top,
  );
  const last = await onLine(
    [2, 1].map((n) => bare(words.slice(-n).join(' '))),
    bottom,
  );
  expect(Math.abs(top.x - first.x)).toBeLessThan(3);
  expect(Math.abs(bottom.x + bottom.width - (last.x + last.width))).toBeLessThan(3);

  // Zoomed, the highlight is found again on the new rendering.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('zoom-level')).toHaveText('110%');
  const leastCovered = async (): Promise<number> => {
    const [lines, marks] = [await quoteSpans(page, quote), await highlightRects(page)];
    return Math.min(...lines.map((s) => coveredShare(s, marks)));
  };
  await expect.poll(leastCovered).toBeGreaterThan(0.5);

  // Pages turned and back: the way back to the answer is kept.
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('button', { name: '← Back to the answer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask' })).toBeVisible();
  await expect(page.getByTestId('turn')).toContainText('Extractive answer');
});
