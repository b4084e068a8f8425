import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { forcedAnswers, markdownPaper, scholium, tempFolder } from './testData.js';

test('the Evaluation view compares a stored run under its own address: figures per configuration for people, a legend of the citation checks, then answers side by side', async ({
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
    const tabs = page.getByRole('navigation', { name: 'Evaluation' });
    await tabs.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('link', { name: 'Forced answers' }).click();
    await expect(page).toHaveURL(new RegExp(`/evaluation/compare/${run.runId}$`));
    await expect(tabs.getByRole('link', { name: 'Compare' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: 'Forced answers: done' })).toBeVisible();

    const base = page.getByRole('row', { name: /^tiny-llama-test with retrieval/ });
    const forced = page.getByRole('row', { name: /^tiny-llama-test \+ force-token-\d+@1 with retrieval/ });
    // Exact match, F1, recall@3, then the abstention on the unanswerable question.
    await expect(base.getByRole('cell').nth(0)).toHaveText('0.00');
    await expect(forced.getByRole('cell').nth(0)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(1)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(2)).toHaveText('1.00');
    await expect(forced.getByRole('cell').nth(4)).toHaveText('100% of 1');
    // Latency in seconds or milliseconds as fits, never "27634 / 31489 ms".
    for (const row of [base, forced])
      await expect(row.getByRole('cell').nth(6)).toHaveText(/^\d+(\.\d)? m?s \/ \d+(\.\d)? m?s$/);
    await expect(page.getByRole('definition')).toHaveText([
      'verified: the passage contains the quoted words',
      'supported: the passage backs the sentence',
      'attributed: the sentence cited nothing; this passage is the best support found for it',
      'unsupported: the passage does not back the sentence',
      'invalid: no such passage was given',
    ]);

    const first = page.getByRole('listitem', { name: 'Question 1' });
    await expect(first).toContainText('expected: Paris');
    const forcedAnswer = first.getByRole('article', { name: /force-token-\d+@1 with retrieval/ });
    await expect(forcedAnswer.locator('.eval-answer-text')).toHaveText('Paris');
    await expect(forcedAnswer).toContainText('EM 1');
    await expect(forcedAnswer).toContainText('gold retrieved');
    await expect(forcedAnswer.locator('.eval-scores')).toContainText(/\d+(\.\d)? m?s$/);
    const unanswerable = page.getByRole('listitem', { name: 'Question 2' });
    await expect(unanswerable).toContainText('(unanswerable from the library)');
    await expect(unanswerable.getByRole('article', { name: /^tiny-llama-test with retrieval/ })).toContainText(
      'abstained',
    );

    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await saveScreenshot(page, 'evaluation');
    // Each tab has its address; the run's address from before the tabs still opens it.
    await tabs.getByRole('link', { name: 'Training data' }).click();
    await expect(page).toHaveURL(/\/evaluation\/export$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Training data' })).toBeVisible();
    await page.evaluate((id) => (window.location.hash = `#/evaluation/${id}`), run.runId);
    await expect(page).toHaveURL(new RegExp(`/evaluation/compare/${run.runId}$`));
    await expect(page.getByRole('heading', { level: 2, name: 'Forced answers: done' })).toBeVisible();
  } finally {
    cleanup();
  }
});

test('a long answer scrolls in its box, which the keyboard can reach: axe finds no scrollable region out of reach', async ({
  page,
  host,
}) => {
  // Quoted sentences this long make an extractive answer taller than its box at 1024 × 700.
  const clause = (n: number): string =>
    `the deadlock detector of the lock manager walks the waits-for graph of every transaction in round ${n}, ` +
    'and when it finds a cycle it aborts the youngest transaction of that cycle so that the older transactions, ' +
    'which have done more work, can go on holding their locks and commit without being rolled back';
  const files = tempFolder({
    'deadlocks.md': markdownPaper('Deadlock Detection in Depth', [
      '## 1 Detection',
      [1, 2, 3, 4].map((n) => `${clause(n)[0]!.toUpperCase()}${clause(n).slice(1)}, ${clause(n + 4)}.`).join(' '),
    ]),
    'questions.jsonl': JSON.stringify({
      question: 'Which transaction does the deadlock detector abort when it finds a cycle?',
      expected: 'the youngest transaction of the cycle',
      paper: 'Deadlock Detection in Depth',
    }),
  });
  try {
    scholium(host.libraryDir, ['import', path.join(files, 'deadlocks.md')]);
    scholium(host.libraryDir, ['eval', 'import', 'Long answers', path.join(files, 'questions.jsonl')]);
    const run = scholium(host.libraryDir, ['eval', 'run', 'Long answers', '--no-llm']) as { runId: string };
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(host.url);
    await page.evaluate((id) => (window.location.hash = `#/evaluation/compare/${id}`), run.runId);
    await expect(page.getByRole('heading', { level: 2, name: 'Long answers: done' })).toBeVisible();
    const box = page.getByRole('region', { name: /^Answer of / });
    await expect(box).toContainText('youngest transaction');
    await box.focus();
    await page.keyboard.press('PageDown');
    await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const results = await new AxeBuilder({ page }).include('main').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await saveScreenshot(page, 'evaluation-long-answer-1024');
  } finally {
    fs.rmSync(files, { recursive: true, force: true });
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
