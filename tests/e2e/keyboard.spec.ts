import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { corpus, importAndWait, openLibrary } from './testData.js';

// Shortcuts that work across views, on the real core. The Ask view's own keys (/, Enter, Esc, ], [, o) are in
// ask.spec.ts.

test('? lists every shortcut in a dialog that Esc closes; g then a letter switches views', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const where of ['Anywhere', 'Ask', 'Reader'])
    await expect(dialog.getByRole('region', { name: where })).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Ask' })).toContainText('Stop the answer being written');
  const results = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
    [],
  );
  await saveScreenshot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  for (const [key, view] of [
    ['a', 'Ask'],
    ['m', 'Models'],
    ['e', 'Evaluation'],
    ['s', 'Settings'],
    ['r', 'Reader'],
    ['l', 'Library'],
  ] as const) {
    await page.keyboard.press('g');
    await page.keyboard.press(key);
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
  }
  // A letter on its own, without g, goes nowhere.
  await page.keyboard.press('a');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  // Typing in a field is typing, not shortcuts.
  await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill('');
  await page.getByRole('textbox', { name: 'File or folder path on this computer' }).pressSequentially('g a?');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(dialog).toHaveCount(0);
});

test('/ focuses the paper search in the Library and find in the Reader; arrows turn pages', async ({ page, host }) => {
  await openLibrary(page, host.url);
  await importAndWait(page, path.join(corpus, 'tb87nemeth.pdf'), 1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search titles, authors and years' })).toBeFocused();

  // The Reader's empty state offers the library's papers.
  const title = await page.getByTestId('paper-row').getByRole('link').textContent();
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await page.getByRole('navigation', { name: 'Papers to open' }).getByRole('link', { name: title! }).click();
  await expect(page.getByTestId('page-count')).toHaveText('6');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('2');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('textbox', { name: 'Page number' })).toHaveValue('1');
  await page.keyboard.press('+');
  await expect(page.getByTestId('zoom-level')).toHaveText('110%');
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Find in paper' })).toBeFocused();
});
