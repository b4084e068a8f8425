import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';

const views = ['Library', 'Ask', 'Reader', 'Models', 'Evaluation', 'Settings'] as const;

test('the app shell loads from the host and shows every view', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');
  for (const view of views) {
    await page.getByRole('link', { name: view }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
    if (view === 'Settings') await expect(page.getByTestId('llama-backend')).not.toHaveText('…');
    await saveScreenshot(page, `shell-${view.toLowerCase()}`);
  }
  await expect(page.getByTestId('library-dir')).toHaveText(host.libraryDir);
  await expect(page.getByTestId('llama-backend')).toHaveText(/llama\.cpp on (cpu|cuda|vulkan|metal)/);
  await expect(page.getByTestId('network-status')).toHaveText(/attempted this session: 0 \(0 blocked/);
  await expect(page.getByRole('status')).toHaveCount(0);
});

test('a page without the token cannot reach the API', async ({ page, host }) => {
  await page.goto(`${host.origin}/#/settings`);
  await expect(page.getByRole('status')).toHaveText(/Reconnecting/);
  await expect(page.getByTestId('library-dir')).toHaveText('…');
});

test('the views have no serious accessibility violations', async ({ page, host }) => {
  await page.goto(host.url);
  for (const view of views) {
    await page.getByRole('link', { name: view }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${view}: ${v.id} ${v.help}`)).toEqual([]);
  }
});
