import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, startHost, stopHost, test } from './fixtures.js';
import { scholium } from './testData.js';

// The Settings view on the real core: what Scholium connects to, the library, answers, and the model runtime.

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

test('settings say what Scholium connects to, where the library is, and back it up on demand', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  await expect(page.getByTestId('offline-statement')).toContainText(
    'It connects to nothing beyond this computer unless you ask it to download a model',
  );
  await expect(page.getByTestId('network-status')).toHaveText(/attempted this session: 0 \(0 blocked/);
  await expect(page.getByTestId('library-dir')).toHaveText(host.libraryDir);
  await page.getByRole('button', { name: 'Back up now' }).click();
  const result = page.getByTestId('backup-result');
  await expect(result).toContainText(`Backed up to ${host.libraryDir}`);
  const file = /Backed up to (.+) \(/.exec((await result.textContent()) ?? '')?.[1];
  expect(fs.statSync(file!).size).toBeGreaterThan(0);
});

test('the number of passages is one preference: set in Settings or in Ask, and kept across a reload', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  await page.getByRole('spinbutton', { name: 'Passages per answer' }).fill('9');
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  const passages = page.getByRole('spinbutton', { name: 'Passages' });
  await expect(passages).toHaveValue('9');
  // Emptied to type another number, the box keeps what is typed (it snapped back to 6, and then "4" made "64").
  await passages.selectText();
  await page.keyboard.press('Backspace');
  await expect(passages).toHaveValue('');
  await page.keyboard.type('4');
  await expect(passages).toHaveValue('4');
  await page.reload();
  await expect(passages).toHaveValue('4');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const perAnswer = page.getByRole('spinbutton', { name: 'Passages per answer' });
  await expect(perAnswer).toHaveValue('4');
  await perAnswer.selectText();
  await page.keyboard.press('Backspace');
  await page.keyboard.type('12');
  await expect(perAnswer).toHaveValue('12');
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(passages).toHaveValue('12');
});

test('threads and GPU use are checked, kept in the library, and used when Scholium next starts', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  const form = page.getByRole('form', { name: 'Model runtime' });
  const threads = form.getByRole('textbox', { name: 'Threads' });
  await expect(threads).toHaveValue('');
  await threads.fill('0');
  await form.getByRole('button', { name: 'Save threads' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    '“0” is not a thread count: use a whole number from 1 to 256, or leave it empty for automatic.',
  );
  await threads.fill('1');
  await form.getByRole('button', { name: 'Save threads' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved. Restart Scholium to apply it.');
  await form.getByRole('checkbox', { name: 'Use a GPU when one is found' }).uncheck();
  await expect(form.getByRole('checkbox', { name: 'Use a GPU when one is found' })).not.toBeChecked();
  await expect(page.getByTestId('llama-backend')).not.toHaveText('…');
  await saveScreenshot(page, 'settings');

  // The same library served again: the runtime starts with the saved settings.
  await stopHost(host);
  const again = await startHost(host.libraryDir);
  try {
    await openSettings(page, again.url);
    await expect(form.getByRole('textbox', { name: 'Threads' })).toHaveValue('1');
    await expect(form.getByRole('checkbox', { name: 'Use a GPU when one is found' })).not.toBeChecked();
    await expect(page.getByTestId('runtime-threads')).toHaveText(/^1 \(/);
    await expect(form).not.toContainText('apply when Scholium next starts');
  } finally {
    await stopHost(again);
  }
});

test('the passage size is checked by the core, kept in the library, and applies to imports after the next start', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  const form = page.getByRole('form', { name: 'Passage size' });
  const smallest = form.getByRole('textbox', { name: 'Smallest passage (words)' });
  const largest = form.getByRole('textbox', { name: 'Largest passage (words)' });
  const overlap = form.getByRole('textbox', { name: 'Overlap (words)' });
  await expect(smallest).toHaveValue('200');
  await expect(largest).toHaveValue('350');
  await expect(overlap).toHaveValue('30');
  await smallest.fill('60');
  await largest.fill('80');
  await overlap.fill('40');
  await form.getByRole('button', { name: 'Save passage size' }).click();
  await expect(page.getByRole('alert')).toContainText('The overlap must be under half the smallest passage');
  await overlap.fill('10');
  await form.getByRole('button', { name: 'Save passage size' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText(
    'Saved. Papers imported after Scholium next starts are cut to this size.',
  );
  await saveScreenshot(page, 'settings-passage-size');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(smallest).toHaveValue('60');
  await expect(page.getByText('Imports in this session still use 200–350 words')).toBeVisible();
});

test('generation settings are checked by the core, kept in the library, and shown again after a reload', async ({
  page,
  host,
}) => {
  await openSettings(page, host.url);
  const form = page.getByRole('form', { name: 'Generation' });
  const temperature = form.getByRole('textbox', { name: 'Temperature' });
  const longest = form.getByRole('textbox', { name: 'Longest answer (tokens)' });
  const penalty = form.getByRole('textbox', { name: 'Repeat penalty' });
  const context = form.getByRole('textbox', { name: 'Context size (tokens)' });
  await expect(temperature).toHaveValue('0');
  for (const field of [longest, penalty, context]) await expect(field).toHaveValue('');
  await temperature.fill('3');
  await form.getByRole('button', { name: 'Save generation settings' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Invalid payload for models.setGenerationSettings: temperature: the temperature goes from 0 to 2',
  );
  await temperature.fill('0.4');
  await longest.fill('300');
  await penalty.fill('1.2');
  await context.fill('8192');
  await form.getByRole('button', { name: 'Save generation settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveText(
    'Saved. The next answer uses these settings.',
  );
  await page.reload();
  await expect(temperature).toHaveValue('0.4');
  await expect(longest).toHaveValue('300');
  await expect(penalty).toHaveValue('1.2');
  await expect(context).toHaveValue('8192');
  expect(scholium(host.libraryDir, ['models', 'settings'])).toEqual({
    temperature: 0.4,
    maxAnswerTokens: 300,
    repeatPenalty: 1.2,
    contextTokens: 8192,
  });
});
