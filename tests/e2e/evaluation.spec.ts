import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { forcedAnswers, scholium, tempFolder } from './testData.js';

test('the Evaluation view compares a stored run: figures per configuration, then answers side by side with citation statuses', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
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
      '--retrieval',
      'on',
      '--max-tokens',
      '1',
      '-k',
      '3',
    ]) as { runId: string; state: string };
    expect(run.state).toBe('done');

    await page.goto(host.url);
    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Evaluation' })).toBeVisible();
    await page.getByRole('link', { name: 'Forced answers' }).click();
    await expect(page).toHaveURL(new RegExp(`/evaluation/${run.runId}$`));
    await expect(page.getByRole('heading', { level: 2, name: 'Forced answers: done' })).toBeVisible();

    const base = page.getByRole('row', { name: /^tiny-llama-test with retrieval/ });
    const forced = page.getByRole('row', { name: /^tiny-llama-test \+ force-token-\d+@1 with retrieval/ });
    // Exact match, F1, recall@3, then the abstention on the unanswerable question.
    await expect(base.getByRole('cell').nth(0)).toHaveText('0.00');
    await expect(forced.getByRole('cell').nth(0)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(1)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(2)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(4)).toHaveText('100% of 1');

    const first = page.getByRole('listitem', { name: 'Question 1' });
    await expect(first).toContainText('expected: Paris');
    const forcedAnswer = first.getByRole('article', { name: /force-token-\d+@1 with retrieval/ });
    await expect(forcedAnswer.locator('.eval-answer-text')).toHaveText('Paris');
    await expect(forcedAnswer).toContainText('EM 1');
    await expect(forcedAnswer).toContainText('gold retrieved');
    const unanswerable = page.getByRole('listitem', { name: 'Question 2' });
    await expect(unanswerable).toContainText('(unanswerable from the library)');
    await expect(unanswerable.getByRole('article', { name: /^tiny-llama-test with retrieval/ })).toContainText(
      'abstained',
    );

    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await saveScreenshot(page, 'evaluation');
    // The long view's section list jumps to a section, below the sticky list itself.
    const sections = page.getByRole('navigation', { name: 'Sections of this view' });
    await sections.getByRole('button', { name: 'Training data' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Training data' })).toBeInViewport();
    await expect(sections).toBeInViewport();
  } finally {
    cleanup();
  }
});

test('drafted questions are reviewed in the Evaluation view: one accepted into the set, one deleted', async ({
  page,
  host,
}) => {
  const files = tempFolder({
    'drafts.jsonl': [
      JSON.stringify({
        question: 'Which transaction does the deadlock detector abort?',
        expected: 'the youngest in the cycle',
      }),
      JSON.stringify({ question: 'What is a transaction?', expected: 'a transaction' }),
    ].join('\n'),
  });
  try {
    scholium(host.libraryDir, ['eval', 'import', 'To review', path.join(files, 'drafts.jsonl'), '--draft']);
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    const row = page.getByRole('row', { name: /^To review/ });
    await expect(row.getByRole('cell').nth(0)).toHaveText('0');
    await expect(row.getByRole('cell').nth(1)).toHaveText('2');
    await page.getByRole('button', { name: 'Review drafts of To review' }).click();
    const drafts = page.getByRole('list', { name: 'Drafts to review' });
    await drafts.getByRole('listitem', { name: 'Draft 1' }).getByRole('button', { name: 'Accept' }).click();
    await expect(drafts.getByRole('listitem')).toHaveCount(1);
    await drafts.getByRole('listitem', { name: 'Draft 2' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('No drafts to review.')).toBeVisible();
    await expect(row.getByRole('cell').nth(0)).toHaveText('1');
    await expect(row.getByRole('cell').nth(1)).toHaveText('0');
    const set = scholium(host.libraryDir, ['eval', 'show', 'To review']) as {
      items: Array<{ question: string; status: string }>;
    };
    expect(set.items).toEqual([
      expect.objectContaining({ question: 'Which transaction does the deadlock detector abort?', status: 'accepted' }),
    ]);
  } finally {
    fs.rmSync(files, { recursive: true, force: true });
  }
});
