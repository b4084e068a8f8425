import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, saveScreenshot, test } from './fixtures.js';
import { askLibrary, corpus, importAndWait, openLibrary, scholium } from './testData.js';
import { tinyVocab, TINY, writeForcingAdapter, writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

// The Ask view on the real core: Markdown papers imported through the UI, answers by the core's ask service.

const QUESTION = 'How are nested loops recorded in trace trees?';

test('with no papers the Ask view says to import some first', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(page.getByRole('region', { name: 'No papers to ask yet' })).toContainText('import some first');
  await page
    .getByRole('region', { name: 'No papers to ask yet' })
    .getByRole('link', { name: 'go to the Library' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
});

test('without a chat model the answer quotes cited sentences; hovering a citation shows its paper and passage', async ({
  page,
  host,
}) => {
  await askLibrary(page, host.url);
  await expect(page.getByRole('region', { name: 'Ask your library' })).toContainText('No chat model yet');
  await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();

  const turn = page.getByTestId('turn');
  await expect(turn).toContainText('Extractive answer');
  await expect(turn.locator('.answer-text')).toContainText('Nested loops are handled by recording an inner tree first');
  expect(page.url()).toMatch(/#\/ask\/[\w-]+$/);
  const chip = turn.locator('.cite-chip').first();
  await expect(chip).toHaveAttribute('data-status', /verified|supported/);
  await expect(chip).toHaveAccessibleName(/^Citation 1, (verified|supported): Trace Trees for Dynamic Languages$/);
  await chip.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('[1] Trace Trees for Dynamic Languages');
  await expect(tip.locator('mark')).toContainText('Nested loops are handled by recording an inner tree first');
  await expect(
    page.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: QUESTION }),
  ).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(tip).toHaveCount(0);
  await turn.getByText('Sources (').click();
  await expect(turn.locator('.sources li').first()).toContainText('Trace Trees for Dynamic Languages');
  await saveScreenshot(page, 'ask-answer');

  // The conversation is kept: after a reload it is listed and shows its turn.
  await page.reload();
  await expect(page.getByTestId('turn')).toHaveCount(1);

  // In a new conversation, a question the papers do not answer is declined, not guessed.
  await page.getByRole('link', { name: '+ New conversation' }).click();
  await expect(page.getByTestId('turn')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Question' }).fill('What is the boiling point of tungsten?');
  await page.keyboard.press('Enter');
  const declined = page.getByTestId('turn');
  await expect(declined).toContainText('The library does not contain an answer to this question');
  await expect(declined).toContainText('Scholium found no passages that answer this, so it did not guess.');
  await expect(declined.locator('.cite-chip')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(2);
});

test('with a tiny chat model the answer streams in as quotations of the evidence, and Esc stops it keeping its text', async ({
  page,
  host,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-e2e-chat-'));
  try {
    // A tiny model with "“" in its vocabulary and an adapter that pushes it: it opens a quotation (rather than a
    // decline), and the grammar writes the evidence sentence, nearly a character a token.
    const model = writeTinyLlama(path.join(dir, 'tiny-quote.gguf'), { extraPieces: ['“'], contextLength: 2048 });
    const adapter = writeForcingAdapter(path.join(dir, 'force-quote.gguf'), {
      token: tinyVocab(TINY.vocab, ['“']).tokens.indexOf('“'),
    });
    // Room for whole quotations: the answer is still being written when Esc stops it.
    scholium(host.libraryDir, ['models', 'settings', '--max-tokens', '2048']);
    await askLibrary(page, host.url);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('textbox', { name: 'Model file path' }).fill(model);
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.getByRole('textbox', { name: 'Adapter path' }).fill(adapter);
    await page.getByRole('button', { name: 'Add adapter' }).click();
    await expect(page.getByTestId('adapter').locator('.compatible')).toHaveCount(1);
    await page.getByRole('link', { name: 'Ask', exact: true }).click();

    await page.getByRole('combobox', { name: 'Answer with' }).selectOption({ label: 'tiny-llama-test' });
    await page.getByRole('checkbox', { name: /^force-token/ }).check();
    await page.keyboard.press('/');
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    // Tokens arrive while the answer is still being written: Esc stops it inside its first quotation.
    const pending = page.getByTestId('pending-turn');
    await expect
      .poll(async () => ((await pending.locator('.answer-text').textContent()) ?? '').length, { timeout: 60_000 })
      .toBeGreaterThan(40);
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await saveScreenshot(page, 'ask-streaming');
    await page.keyboard.press('Escape');

    const turn = page.getByTestId('turn');
    await expect(turn).toContainText('Stopped before the end; the text so far is kept.', { timeout: 30_000 });
    await expect(turn).toContainText(/Written by tiny-llama-test with force-token-\d+ ×1\./);
    // The quotation so far is kept; cut before its number, it is attributed to the passage it was copied from.
    await expect(turn.locator('.answer-text')).toHaveText(/^“\w/);
    const chip = turn.locator('.cite-chip');
    await expect(chip).toHaveCount(1);
    await expect(chip).toHaveAttribute('data-status', 'attributed');
    await expect(chip).toHaveAccessibleName(
      /^Attributed to passage \d, attributed: Trace Trees for Dynamic Languages$/,
    );
    await expect(page.getByRole('button', { name: 'Ask', exact: true })).toBeVisible();
    await saveScreenshot(page, 'ask-tiny-model');
    // Exported, the stopped answer says it is incomplete.
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    expect(fs.readFileSync((await markdown.path())!, 'utf8')).toContain(
      '\n\n> *Incomplete: the answer was stopped before it finished.*\n',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the keyboard asks, moves between citations with ] and [, and opens one with o', async ({ page, host }) => {
  await askLibrary(page, host.url);
  const box = page.getByRole('textbox', { name: 'Question' });
  // The box appears once the library's papers are loaded; '/' before that has nothing to focus.
  await expect(box).toBeVisible();
  await expect(box).not.toBeFocused();
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await page.keyboard.type('How are nested loops');
  await page.keyboard.press('Shift+Enter');
  await expect(box).toHaveValue('How are nested loops\n');
  await page.keyboard.type('recorded in trace trees?');
  await page.keyboard.press('Enter');
  const chips = page.getByTestId('turn').locator('.cite-chip');
  await expect(chips).toHaveCount(3);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await expect(chips.nth(0)).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText('Trace Trees for Dynamic Languages');
  await page.keyboard.press(']');
  await expect(chips.nth(1)).toBeFocused();
  await page.keyboard.press('[');
  await expect(chips.nth(0)).toBeFocused();
  await page.keyboard.press('[');
  await expect(chips.nth(2)).toBeFocused();
  await page.keyboard.press('o');
  await expect(page.getByRole('heading', { level: 1, name: 'Reader' })).toBeVisible();
  // A Markdown paper has no PDF: the Reader says so in place.
  await expect(page.getByRole('alert')).toContainText(
    '“Trace Trees for Dynamic Languages” was imported from a markdown document, so there is no PDF to show',
  );
});

test('the scope keeps answers to the chosen papers, or to a collection made in the Library', async ({ page, host }) => {
  await askLibrary(page, host.url);
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select “Transactions in Berkeley DB”' }).check();
  await page.getByRole('textbox', { name: 'New collection name' }).fill('Databases');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Selected papers' })).toContainText('Added 1 paper to “Databases”.');
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await page.getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'chosen papers' });
  await page.getByText('Choose papers').click();
  await page.getByRole('checkbox', { name: 'Transactions in Berkeley DB' }).check();
  await expect(page.getByText('1 chosen')).toBeVisible();
  await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
  await page.keyboard.press('Enter');
  const turn = page.getByTestId('turn');
  await expect(turn).toBeVisible();
  // The paper that answers it is outside the scope: nothing from it is cited or listed.
  await expect(turn).not.toContainText('Trace Trees for Dynamic Languages');
  await expect(turn).not.toContainText('Nested loops are handled');

  await page.getByRole('link', { name: '+ New conversation' }).click();
  await page.getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'a collection' });
  await expect(page.getByRole('combobox', { name: 'Collection to search' })).toHaveValue(/.+/);
  await expect(page.getByRole('combobox', { name: 'Collection to search' }).locator('option:checked')).toHaveText(
    'Databases',
  );
  await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('turn')).toBeVisible();
  await expect(page.getByTestId('turn')).not.toContainText('Trace Trees for Dynamic Languages');

  await page.getByRole('link', { name: '+ New conversation' }).click();
  await page.getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'the whole library' });
  await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('turn')).toContainText('Nested loops are handled');
});

test('a conversation exports as Markdown and BibTeX downloads, and is deleted only when confirmed', async ({
  page,
  host,
}) => {
  await askLibrary(page, host.url);
  await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('turn')).toContainText('Extractive answer');
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Markdown' }).click(),
  ]);
  expect(markdown.suggestedFilename()).toBe('how-are-nested-loops-recorded-in-trace-trees.md');
  const text = fs.readFileSync((await markdown.path())!, 'utf8');
  expect(text).toContain(QUESTION);
  expect(text).toContain('Nested loops are handled by recording an inner tree first');
  expect(text).toContain('Trace Trees for Dynamic Languages');
  const [bib] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export BibTeX' }).click(),
  ]);
  expect(bib.suggestedFilename()).toBe('how-are-nested-loops-recorded-in-trace-trees.bib');
  expect(fs.readFileSync((await bib.path())!, 'utf8')).toMatch(
    /@\w+\{[^,]+,\s*\n\s*title = \{Trace Trees for Dynamic Languages\}/,
  );

  // Deleting asks first; declined, nothing changes; accepted, the conversation is gone.
  const list = page.getByRole('navigation', { name: 'Conversations' });
  const remove = list.getByRole('button', { name: `Delete conversation “${QUESTION}”` });
  page.once('dialog', (d) => void d.dismiss());
  await remove.click();
  await expect(list.getByRole('link', { name: QUESTION })).toBeVisible();
  page.once('dialog', (d) => void d.accept());
  await remove.click();
  await expect(list.getByRole('link', { name: QUESTION })).toHaveCount(0);
  await expect(page).toHaveURL(/#\/ask$/);
  await page.reload();
  await expect(list).toContainText('Your conversations will be listed here.');
});

test('a question the core refuses is reported in place and can be dismissed', async ({ page, host }) => {
  await askLibrary(page, host.url);
  await page
    .getByRole('combobox', { name: 'Answer with' })
    .selectOption({ label: 'No model: quote the best sentences' });
  await page.getByRole('checkbox', { name: 'Search the library' }).uncheck();
  await page.getByRole('textbox', { name: 'Question' }).fill('Anything?');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText(
    'Without a chat model, answers come from the library: turn retrieval on or choose a chat model.',
  );
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an answer from a scanned paper quotes its prose, never what OCR read off its figures or its reference list', async ({
  page,
  host,
}) => {
  // Flax 2000: six scanned pages, read by OCR when imported. Its figures' plot titles OCR read as "New system comparison
  // for a 1200 filer FE" and "thrity five fitter PFE"; its last page is its reference list (Irino and Unoki, ICASSP98).
  test.setTimeout(300_000);
  await openLibrary(page, host.url);
  await importAndWait(page, path.join(corpus, 'Flax.2000.Improved.Auditory.Masking.Models.pdf'), 1);
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  const question = page.getByRole('textbox', { name: 'Question' });
  const turns = page.getByTestId('turn');
  await question.fill('What does the new system comparison for a 1200 filter PFE show?');
  await page.keyboard.press('Enter');
  await expect(turns).toHaveCount(1, { timeout: 60_000 });
  await question.fill('What did Irino and Unoki publish about an analysis/synthesis auditory filterbank?');
  await page.keyboard.press('Enter');
  await expect(turns).toHaveCount(2, { timeout: 60_000 });
  for (const turn of await turns.all()) {
    await expect(turn.locator('.turn-meta')).toBeVisible();
    const answer = turn.locator('.answer-text');
    for (const noise of ['filer FE', 'thrity five', '==', 'ICASSP', 'Gammachirp'])
      await expect(answer).not.toContainText(noise);
  }
});
