import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, saveScreenshot, test } from './fixtures.js';
import { MARKDOWN_PAPERS, scholium, tempFolder } from './testData.js';
import { writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

test('a validation set made in the app: questions added, edited, imported, exported, drafted and reviewed; then deleted', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  const files = tempFolder(MARKDOWN_PAPERS);
  try {
    scholium(host.libraryDir, ['import', files]);
    await page.goto(`${host.url}`);
    await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
    await expect(page.getByText('A validation set is a list of questions')).toBeVisible();

    // Create: the new set opens, and nothing can be drafted until there is a chat model.
    await page.getByRole('button', { name: 'Create set' }).click();
    await expect(page.getByRole('alert')).toHaveText('Give the set a name.');
    await page.getByRole('textbox', { name: 'Set name' }).fill('Systems questions');
    await page.getByRole('textbox', { name: 'Set description' }).fill('Facts from the three papers');
    await page.getByRole('button', { name: 'Create set' }).click();
    const editor = page.getByRole('region', { name: 'Systems questions' });
    await expect(editor.getByRole('heading', { level: 2, name: 'Systems questions' })).toBeVisible();
    await expect(editor.getByText('Drafting needs a local chat model.')).toBeVisible();
    await expect(editor.getByRole('button', { name: 'Draft questions' })).toHaveCount(0);

    // Add: a refused question keeps what was typed and says why in place.
    const add = editor.getByRole('form', { name: 'Add a question' });
    await add
      .getByRole('textbox', { name: 'Question', exact: true })
      .fill('Which transaction does the deadlock detector abort?');
    await add.getByRole('combobox', { name: 'Gold paper' }).fill('Transactions in Berkeley DB');
    await add.getByRole('button', { name: 'Add question' }).click();
    await expect(add.getByRole('alert')).toContainText('An answerable question needs an expected answer');
    await add.getByRole('textbox', { name: 'Expected answer' }).fill('the youngest');
    await add.getByRole('button', { name: 'Add question' }).click();
    const questions = editor.getByRole('list', { name: 'Questions of Systems questions' });
    const first = questions.getByRole('listitem', { name: 'Question 1' });
    await expect(first.getByRole('textbox', { name: 'Question', exact: true })).toHaveValue(
      'Which transaction does the deadlock detector abort?',
    );
    await expect(add.getByRole('textbox', { name: 'Question', exact: true })).toHaveValue('');

    // Edit in place: a bad page is refused beside the question; a good edit is stored and survives a reload.
    await first.getByRole('textbox', { name: 'Gold page' }).fill('iv');
    await first.getByRole('button', { name: 'Save' }).click();
    await expect(first.getByRole('alert')).toHaveText('“iv” is not a page number (a whole number from 1).');
    await first.getByRole('textbox', { name: 'Gold page' }).fill('1');
    await first.getByRole('textbox', { name: 'Expected answer' }).fill('the youngest transaction in the cycle');
    await first.getByRole('button', { name: 'Save' }).click();
    await expect(first.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expect(first.getByRole('alert')).toHaveCount(0);
    await page.reload();
    await expect(first.getByRole('textbox', { name: 'Expected answer' })).toHaveValue(
      'the youngest transaction in the cycle',
    );
    await expect(first.getByRole('textbox', { name: 'Gold page' })).toHaveValue('1');

    // Import: the malformed line is named by number, the rest is imported.
    const picker = editor.getByLabel('Import questions from a file (.jsonl or .csv)');
    const jsonl = [
      JSON.stringify({
        question: 'How often does the meter report momentary loudness?',
        expected: 'every 100 ms',
        paper: 'Loudness Metering for Broadcast',
      }),
      '{"question": "half a line',
      JSON.stringify({ question: 'What is the boiling point of mercury in kelvin?', unanswerable: true }),
    ].join('\n');
    await picker.setInputFiles({ name: 'more.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) });
    await expect(editor.getByText('Imported 2 questions from more.jsonl; 1 line was not imported.')).toBeVisible();
    await expect(editor.getByRole('list', { name: 'Lines not imported' }).getByRole('listitem')).toHaveText([
      /^Line 2: not valid JSON/,
    ]);
    await expect(questions.getByRole('listitem')).toHaveCount(3);

    // Imported as drafts (CSV): they wait for review, and an accepted one joins the questions.
    await editor.getByRole('checkbox', { name: 'Import as drafts to review' }).check();
    await picker.setInputFiles({
      name: 'drafts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('question,expected\nHow are nested loops handled?,by recording an inner tree first\n'),
    });
    await expect(editor.getByText('Imported 1 question as drafts to review from drafts.csv.')).toBeVisible();
    const drafts = editor.getByRole('list', { name: 'Drafts to review' });
    await drafts.getByRole('listitem').getByRole('button', { name: 'Accept' }).click();
    await expect(questions.getByRole('listitem')).toHaveCount(4);
    await expect(editor.getByText('No drafts to review.')).toBeVisible();

    // Export: the download holds the accepted questions, the edit included.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      editor.getByRole('button', { name: 'Export JSONL' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('systems-questions.jsonl');
    const exported = fs
      .readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(exported).toEqual([
      {
        question: 'Which transaction does the deadlock detector abort?',
        expected: 'the youngest transaction in the cycle',
        paper: 'Transactions in Berkeley DB',
        page: 1,
      },
      {
        question: 'How often does the meter report momentary loudness?',
        expected: 'every 100 ms',
        paper: 'Loudness Metering for Broadcast',
      },
      { question: 'What is the boiling point of mercury in kelvin?', expected: '', unanswerable: true },
      { question: 'How are nested loops handled?', expected: 'by recording an inner tree first' },
    ]);

    // Several deleted at once: the last two.
    await questions.getByRole('checkbox', { name: 'Choose question 3' }).check();
    await questions.getByRole('checkbox', { name: 'Choose question 4' }).check();
    await editor.getByRole('button', { name: 'Delete 2 chosen' }).click();
    await expect(questions.getByRole('listitem')).toHaveCount(2);
    await expect(editor.getByRole('button', { name: 'Delete 0 chosen' })).toBeDisabled();

    // Draft with a chat model: the job shows its progress and ends with what it drafted. The tiny
    // random-weight model never keeps to the "Question: … Answer: …" form, so the core's count of unusable replies is
    // what the user sees.
    scholium(host.libraryDir, ['models', 'add', writeTinyLlama(path.join(files, 'tiny.gguf'))]);
    await page.reload();
    await editor.getByRole('spinbutton', { name: 'Questions' }).fill('2');
    await expect(editor.getByRole('combobox', { name: 'Chat model' })).toHaveValue(/.+/);
    await editor.getByRole('button', { name: 'Draft questions' }).click();
    const job = editor.getByRole('listitem', { name: 'Drafting questions for Systems questions' });
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(job.getByTestId('job-message')).toHaveText(
      '0 questions drafted for review, 2 replies did not keep to the form',
    );
    await expect(editor.getByText('No drafts to review.')).toBeVisible();

    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await saveScreenshot(page, 'evaluation-set');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // Rename, then delete (confirmed: the runs go too).
    await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('Systems facts');
    await editor.getByRole('button', { name: 'Save name and description' }).click();
    const renamed = page.getByRole('region', { name: 'Systems facts' });
    await expect(renamed.getByRole('heading', { level: 2, name: 'Systems facts' })).toBeVisible();
    await expect(
      page
        .getByRole('row', { name: /^Systems facts/ })
        .getByRole('cell')
        .nth(0),
    ).toHaveText('2');
    await renamed.getByRole('button', { name: 'Delete set' }).click();
    await expect(renamed.getByRole('group', { name: 'Confirm deletion' })).toContainText(
      'Its evaluation runs are deleted too.',
    );
    await renamed.getByRole('button', { name: 'Delete Systems facts and its runs' }).click();
    await expect(renamed).toHaveCount(0);
    await expect(page.getByText('A validation set is a list of questions')).toBeVisible();
    expect(scholium(host.libraryDir, ['eval', 'list'])).toMatchObject({ sets: [] });
  } finally {
    fs.rmSync(files, { recursive: true, force: true });
  }
});
