import { expect, saveScreenshot, test } from './fixtures.js';
import { askLibrary } from './testData.js';
import { startScriptedServer } from '../fixtures/llamaServer/scriptedServer.js';

// What Ask shows of an answer's grounding: the evidence while the model writes, and its sentences told apart: cited,
// attributed (cited nothing, but a passage backs it) and unsupported. The chat model is on a loopback server
// scripted by the test, which writes what no grammar holds it to.

const QUESTION = 'How are nested loops recorded in trace trees?';

test('the evidence is on screen while the model writes; cited, attributed and unsupported sentences look different', async ({
  page,
  host,
}) => {
  const server = await startScriptedServer({
    models: ['lab-chat'],
    ownedBy: 'lab',
    answer: [
      'Nested loops are handled by recording an inner tree first [1]. ',
      'The inner tree is called from the outer trace, which keeps the number of traces small. ',
      'The moon is made of green cheese.',
    ],
    // Slow enough to see what is on screen before the answer ends.
    delayMs: 1500,
  });
  try {
    await askLibrary(page, host.url);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    const servers = page.getByRole('region', { name: 'Model servers' });
    await servers.getByRole('textbox', { name: 'Server address' }).fill(server.base);
    await servers.getByRole('button', { name: 'Add server' }).click();
    await servers
      .getByRole('listitem')
      .filter({ hasText: 'lab-chat' })
      .getByRole('button', { name: 'Use for chat' })
      .click();
    await expect(page.getByTestId('model-row')).toHaveCount(1);
    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    await page.getByRole('combobox', { name: 'Answer with' }).selectOption({ label: 'lab-chat' });
    await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
    await page.keyboard.press('Enter');

    // Before the answer is written: the best sentences and the passages found, from retrieval alone.
    const pending = page.getByTestId('pending-turn');
    const evidence = pending.getByRole('region', { name: 'Evidence' });
    await expect(evidence).toContainText('Nested loops are handled by recording an inner tree first');
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await evidence.getByText('Passages found').click();
    await expect(evidence.getByRole('link', { name: 'Trace Trees for Dynamic Languages' }).first()).toBeVisible();
    await saveScreenshot(page, 'ask-evidence');

    const turn = page.getByTestId('turn');
    await expect(turn).toContainText('The moon is made of green cheese.', { timeout: 30_000 });
    await expect(turn).toContainText('Written by lab-chat.');
    // The answer's own citation; the passage found for the uncited sentence, dashed; the sentence nothing backs, marked.
    const cited = turn.locator('.cite-chip:not(.attributed)');
    await expect(cited).toHaveCount(1);
    await expect(cited).toHaveAttribute('data-status', /verified|supported/);
    const attributed = turn.locator('.cite-chip.attributed');
    await expect(attributed).toHaveCount(1);
    await expect(attributed).toHaveAttribute('data-status', 'attributed');
    await expect(attributed).toHaveAccessibleName(
      /^Attributed to passage \d+, attributed: Trace Trees for Dynamic Languages/,
    );
    await expect(attributed).toHaveCSS('border-top-style', 'dashed');
    await expect(cited).toHaveCSS('border-top-style', 'solid');
    await expect(turn.locator('mark.unsupported-sentence')).toHaveText('The moon is made of green cheese.');
    await expect(turn.getByTestId('attributed-note')).toContainText('One sentence cites no passage');
    await expect(turn.getByRole('note')).toContainText('One sentence is not supported');
    await expect(turn.getByRole('region', { name: 'Evidence' })).toHaveCount(0);
    await saveScreenshot(page, 'ask-attributed');
  } finally {
    await server.close();
  }
});
