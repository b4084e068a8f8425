import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { forcedAnswers, scholium } from './testData.js';

test('a run started from the Evaluation view: the preset compares base and base + adapter with and without retrieval; a long run stays in view on every tab, is cancelled, then deleted', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  const { model, adapter, adapterName, cleanup } = forcedAnswers(host.libraryDir);
  try {
    scholium(host.libraryDir, ['models', 'add', model]);
    scholium(host.libraryDir, ['adapters', 'add', adapter]);

    await page.goto(host.url);
    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    const tabs = page.getByRole('navigation', { name: 'Evaluation' });
    await tabs.getByRole('link', { name: 'Runs' }).click();
    const launcher = page.getByRole('region', { name: 'New run' });
    await expect(launcher.getByRole('combobox', { name: 'Validation set' }).locator('option:checked')).toHaveText(
      'Forced answers (2 accepted questions)',
    );
    await launcher.getByRole('group', { name: 'Configuration 1' }).getByRole('checkbox', { name: adapterName }).check();
    await launcher.getByRole('button', { name: 'Base and each chosen adapter, with and without retrieval' }).click();
    await expect(launcher.getByRole('list', { name: 'Configurations' }).getByRole('group')).toHaveCount(4);
    await launcher.getByRole('spinbutton', { name: 'Passages per question (k)' }).fill('3');
    await launcher.getByRole('spinbutton', { name: 'Answer length cap (tokens)' }).fill('1');
    await launcher.getByRole('button', { name: 'Start run' }).click();

    await expect(page).toHaveURL(/\/evaluation\/compare\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Forced answers: done' })).toBeVisible({
      timeout: 120_000,
    });
    const exactMatch = (label: RegExp) => page.getByRole('row', { name: label }).getByRole('cell').nth(0);
    await expect(exactMatch(/^tiny-llama-test with retrieval/)).toHaveText('0.00');
    await expect(exactMatch(/^tiny-llama-test without retrieval/)).toHaveText('0.00');
    await expect(exactMatch(/^tiny-llama-test \+ force-token-\d+@1 with retrieval/)).toHaveText('1.00');
    await expect(exactMatch(/^tiny-llama-test \+ force-token-\d+@1 without retrieval/)).toHaveText('1.00');
    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await saveScreenshot(page, 'evaluation-runs');

    // Long answers (the base model never stops early): cancelled while the first configuration is still answering.
    await tabs.getByRole('link', { name: 'Runs' }).click();
    await launcher.getByRole('group', { name: 'Configuration 1' }).getByRole('checkbox', { name: adapterName }).check();
    await launcher.getByRole('button', { name: 'Base and each chosen adapter, with and without retrieval' }).click();
    await launcher.getByRole('spinbutton', { name: 'Passages per question (k)' }).fill('3');
    await launcher.getByRole('spinbutton', { name: 'Answer length cap (tokens)' }).fill('1024');
    const done = page.url();
    await launcher.getByRole('button', { name: 'Start run' }).click();
    await expect(page).not.toHaveURL(done);
    const controls = page.getByRole('group', { name: 'Run of Forced answers' });
    await expect(
      controls.getByText(/0 of 8 answers scored · tiny-llama-test with retrieval: question 1 of 2/),
    ).toBeVisible();
    // Its progress is on screen as soon as it starts, not screens away.
    await expect(controls.getByRole('progressbar', { name: 'Evaluation progress' })).toBeInViewport();
    // On any other tab the run going stays in view at the top, with the way back to it.
    await tabs.getByRole('link', { name: 'Validation sets' }).click();
    const going = page.getByRole('list', { name: 'Runs going now' });
    await expect(going).toContainText(/Run of Forced answers: (going|0 of 8 answers scored)\. Follow it/);
    await expect(going).toBeInViewport();
    await going.getByRole('link', { name: 'Follow it' }).click();
    // A CLI command opening the library meanwhile leaves the app's run alone.
    const longRunId = page.url().split('/').at(-1)!;
    expect(scholium(host.libraryDir, ['eval', 'show', longRunId])).toMatchObject({ state: 'running', error: null });
    await controls.getByRole('button', { name: 'Cancel run' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Forced answers: cancelled' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole('list', { name: 'Runs going now' })).toHaveCount(0);
    const runs = page.getByRole('region', { name: 'Runs' }).getByRole('row', { name: /^Forced answers/ });

    await controls.getByRole('button', { name: 'Delete this run…' }).click();
    await controls.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete run' }).click();
    await expect(page).toHaveURL(/\/evaluation\/runs$/);
    await expect(runs).toHaveCount(1);
    await expect(runs.getByRole('cell').nth(1)).toHaveText('done');
  } finally {
    cleanup();
  }
});
