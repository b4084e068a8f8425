import fs from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { standInFor } from './apiDouble.js';
import { ANSWER, askDouble, QUOTE } from './askDouble.js';
import { coveredShare, highlightRects, textLayerRects } from './pdfGeometry.js';

// The Ask view against a stand-in ask service (see askDouble.ts).

async function openAsk(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('link', { name: 'Ask' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask' })).toBeVisible();
}

test('an answer streams in, its citations are marked and flagged, and a citation opens the cited span in the Reader', async ({ page, host }) => {
  const double = await askDouble(page);
  await openAsk(page, host.url);
  await expect(page.getByRole('region', { name: 'Ask your library' })).toBeVisible();

  await page.keyboard.press('/');
  const box = page.getByRole('textbox', { name: 'Question' });
  await expect(box).toBeFocused();
  await box.fill('What do compiled traces contain?');
  await box.press('Shift+Enter');
  await expect(box).toHaveValue('What do compiled traces contain?\n');
  await box.press('Enter');
  await expect(page.getByTestId('pending-turn')).toContainText('Every compiled trace');

  const turn = page.getByTestId('turn');
  await expect(turn).toContainText('Tracing is always faster');
  expect(double.calls.find((c) => c.op === 'ask.ask')?.payload).toMatchObject({ question: 'What do compiled traces contain?', k: 6, useRetrieval: true });
  expect(page.url()).toContain('#/ask/conv-1');
  const first = turn.getByRole('button', { name: /^Citation 1, verified/ });
  const second = turn.getByRole('button', { name: /^Citation 2, unsupported/ });
  await expect(first).toBeVisible();
  await expect(second).toBeVisible();
  await expect(turn.locator('.unsupported-sentence')).toHaveText(['Tracing is always faster than interpreting ', '.']);
  await expect(turn.getByRole('note')).toContainText('One sentence is not supported');
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: 'What do compiled traces contain?' })).toBeVisible();

  await first.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('Trace-based Just-in-Time Type Specialization for Dynamic Languages, page 2');
  await expect(tip).toContainText('verified');
  await expect(tip.locator('mark')).toHaveText(QUOTE);
  await saveScreenshot(page, 'ask-answer');

  await first.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('2');
  await expect(page.getByTestId('highlight')).toHaveCount(1);
  await expect(page.locator('.textLayer span', { hasText: 'Every compiled trace contains all the' })).toHaveCount(1);
  const [span] = await textLayerRects(page, 'Every compiled trace contains all the');
  expect(coveredShare(span!, await highlightRects(page))).toBeGreaterThan(0.6);
});

test('the keyboard moves between citations and opens one; Esc stops an answer and keeps its text', async ({ page, host }) => {
  const double = await askDouble(page, { slow: true });
  await openAsk(page, host.url);
  await page.keyboard.press('/');
  await page.keyboard.type('What do compiled traces contain?');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pending-turn')).toContainText('compiled');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('turn')).toContainText('Stopped before the end');
  expect(double.calls.filter((c) => c.op === 'ask.stop')).toHaveLength(1);
  expect(double.calls.find((c) => c.op === 'ask.stop')?.payload.requestId).toBe(double.calls[0]?.payload.requestId);
  const stoppedText = await page.getByTestId('turn').locator('.answer-text').textContent();
  expect(ANSWER.startsWith(stoppedText!)).toBe(true);
  expect(stoppedText!.length).toBeLessThan(ANSWER.length);
});

test('citations are reachable with ] and [ and open with o', async ({ page, host }) => {
  await askDouble(page);
  await openAsk(page, host.url);
  await page.getByRole('textbox', { name: 'Question' }).fill('What do compiled traces contain?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(page.getByTestId('turn')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await expect(page.getByRole('button', { name: /^Citation 1/ })).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText('page 2');
  await page.keyboard.press(']');
  await expect(page.getByRole('button', { name: /^Citation 2/ })).toBeFocused();
  await page.keyboard.press('[');
  await expect(page.getByRole('button', { name: /^Citation 1/ })).toBeFocused();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.keyboard.press('o');
  await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
  await expect(page.getByTestId('highlight')).toHaveCount(1);
});

test('a conversation exports as Markdown and BibTeX downloads', async ({ page, host }) => {
  const double = await askDouble(page);
  await openAsk(page, host.url);
  await page.getByRole('textbox', { name: 'Question' }).fill('What do compiled traces contain?');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('turn')).toBeVisible();
  const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
  expect(markdown.suggestedFilename()).toBe('conversation.md');
  expect(fs.readFileSync((await markdown.path())!, 'utf8')).toContain(ANSWER);
  const [bib] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export BibTeX' }).click()]);
  expect(bib.suggestedFilename()).toBe('conversation.bib');
  expect(double.calls.filter((c) => c.op === 'conversations.export').map((c) => c.payload)).toEqual([
    { conversationId: 'conv-1', format: 'markdown' },
    { conversationId: 'conv-1', format: 'bibtex' },
  ]);
});

test('a failed question is reported in place and can be dismissed', async ({ page, host }) => {
  await standInFor(page, {
    'conversations.list': () => ({ ok: true, value: [] }),
    'ask.ask': () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: 'The library has no papers yet. Import some first.' } }),
  });
  await openAsk(page, host.url);
  await page.getByRole('textbox', { name: 'Question' }).fill('Anything?');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('The library has no papers yet');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
