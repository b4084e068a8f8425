import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures.js';
import { MARKDOWN_PAPERS, scholium, tempFolder } from './testData.js';
import { writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

const QUESTION = 'Which transaction does the deadlock detector abort?';

async function jsonLines(download: Download): Promise<Array<Record<string, unknown>>> {
  const text = fs.readFileSync((await download.path())!, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function downloadFile(page: Page, name: RegExp): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return download;
}

test('an answer marked good in Ask is exported with a validation set as Alpaca JSONL, then with token lengths under a tiny base model', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const papers = tempFolder(MARKDOWN_PAPERS);
  const files = tempFolder({
    'locking.jsonl': [
      JSON.stringify({
        question: 'How is concurrency controlled in Berkeley DB?',
        expected: 'Two-phase locking at page granularity.',
      }),
      JSON.stringify({ question: 'What unit does the loudness meter report?', expected: 'LUFS' }),
    ].join('\n'),
  });
  try {
    scholium(host.libraryDir, ['import', papers]);
    scholium(host.libraryDir, ['eval', 'import', 'Locking', path.join(files, 'locking.jsonl')]);

    // No chat model. An abstention has nothing to train on: its button is off and says why.
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    await page.getByRole('textbox', { name: 'Question' }).fill('What is the boiling point of tungsten?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const abstained = page
      .getByRole('article', { name: 'Question: What is the boiling point of tungsten?' })
      .getByRole('button', { name: 'Good training example' });
    await expect(abstained).toBeDisabled();
    await expect(abstained).toHaveAccessibleDescription('An abstention has no answer to train on.');

    // An extractive answer, marked good, still marked after a reload.
    await page.getByRole('link', { name: '+ New conversation' }).click();
    await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const turn = page.getByRole('article', { name: `Question: ${QUESTION}` });
    await expect(turn).toContainText('Extractive answer');
    await expect(turn.locator('.answer-text')).toContainText('aborts one transaction of each cycle');
    const mark = turn.getByRole('button', { name: 'Good training example' });
    await expect(mark).toHaveAttribute('aria-pressed', 'false');
    await mark.click();
    await expect(mark).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(mark).toHaveAttribute('aria-pressed', 'true');
    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    await page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Training data' }).click();
    const panel = page.getByRole('region', { name: 'Training data' });
    await panel.getByRole('checkbox', { name: 'Locking (2 accepted)' }).check();
    await expect(panel.getByRole('checkbox', { name: 'Answers marked good in Ask (1)' })).toBeChecked();
    await panel.getByRole('radio', { name: 'Alpaca' }).check();
    await panel.getByRole('spinbutton', { name: 'Validation share (%)' }).fill('34');
    await panel.getByRole('button', { name: 'Export training data' }).click();
    const result = panel.getByRole('group', { name: 'Exported training data' });
    await expect(result).toContainText(
      'From validation sets2From conversations1Duplicates removed0Train / validation2 / 1',
    );
    await expect(result).toContainText('No chat model to count tokens with.');

    const rows = [
      ...(await jsonLines(await downloadFile(page, /^Download scholium-alpaca-train\.jsonl \(2 examples\)$/))),
      ...(await jsonLines(await downloadFile(page, /^Download scholium-alpaca-validation\.jsonl \(1 example\)$/))),
    ];
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Object.keys(row)).toEqual(['instruction', 'input', 'output']);
    const marked = rows.find((r) => String(r.output).includes('aborts one transaction of each cycle'))!;
    expect(marked.input).toContain(QUESTION);
    expect(marked.input).toContain('Transactions in Berkeley DB');
    expect(rows.map((r) => r.output)).toEqual(
      expect.arrayContaining(['Two-phase locking at page granularity.', 'LUFS']),
    );

    // A tiny chat model as the base: token lengths under its tokenizer, against its context size.
    const model = writeTinyLlama(path.join(files, 'tiny.gguf'), { contextLength: 2048 });
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('textbox', { name: 'Model file path' }).fill(model);
    await page.getByRole('button', { name: 'Add model' }).click();
    await expect(page.getByText('tiny-llama-test').first()).toBeVisible();
    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    await page.getByRole('navigation', { name: 'Evaluation' }).getByRole('link', { name: 'Training data' }).click();
    await expect(panel.getByRole('combobox', { name: 'Base model for token counts' })).toHaveValue(/.+/);
    await panel.getByRole('checkbox', { name: 'Locking (2 accepted)' }).check();
    await panel.getByRole('button', { name: 'Export training data' }).click();
    const table = result.getByRole('table', {
      name: 'Tokens per example under tiny-llama-test (context 2,048 tokens)',
    });
    await expect(table).toBeVisible();
    const train = table.getByRole('row', { name: /^Train/ }).getByRole('cell');
    const [min, mean, p50, p95, max, over] = await train.allTextContents();
    expect(Number(min)).toBeGreaterThan(10);
    expect(Number(max)).toBeGreaterThanOrEqual(Number(p95));
    expect(Number(p95)).toBeGreaterThanOrEqual(Number(p50));
    expect(Number(mean)).toBeGreaterThanOrEqual(Number(min));
    expect(over).toBe('0');

    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await saveScreenshot(page, 'training-data');
  } finally {
    fs.rmSync(papers, { recursive: true, force: true });
    fs.rmSync(files, { recursive: true, force: true });
  }
});
