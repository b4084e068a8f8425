import { expect, saveScreenshot, test } from './fixtures.js';
import { askDouble } from './askDouble.js';
import { modelsHandlers } from './modelsDouble.js';

// The Models view against stand-ins for the models and ask services (see modelsDouble.ts, askDouble.ts).

test('a model is added by path (a wrong file is refused), its facts shown, set as default; adapters say what they fit', async ({ page, host }) => {
  const models = modelsHandlers();
  await askDouble(page, { also: models.handlers });
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  await expect(page.getByRole('region', { name: 'No models yet' })).toContainText('quoting the best sentences');

  const path = page.getByRole('textbox', { name: 'Model file path' });
  await path.fill('/models/readme.txt');
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByRole('alert')).toHaveText('/models/readme.txt is not a GGUF model file (its first bytes are not "GGUF").');
  await path.fill('/models/gemma-3-270m-it-Q4_K_M.gguf');
  await page.getByRole('button', { name: 'Add model' }).click();
  const row = page.getByTestId('model-row');
  await expect(row).toContainText('gemma3, 270M parameters, Q4_K_M');
  await expect(row).toContainText('32,768 tokens');
  await expect(row).toContainText('Needs about 0.4 GiB of memory; 5.6 GiB is free.');
  await expect(row).toContainText('used where it is');

  await page.getByRole('combobox', { name: 'Chat (writes answers)' }).selectOption({ label: 'gemma-3-270m-it Q4_K_M' });
  await expect.poll(() => models.calls.filter((c) => c.op === 'models.setDefault').map((c) => c.payload)).toEqual([{ role: 'chat', modelId: 'gemma' }]);

  const adapters = page.getByRole('list', { name: 'Adapters' });
  await expect(adapters).toContainText('Works with gemma-3-270m-it Q4_K_M');
  await expect(adapters).toContainText('rank 8, alpha 16, changes 36 weight matrices, converted from PEFT');
  await expect(adapters).toContainText('Not for gemma-3-270m-it Q4_K_M: it was trained for a llama model, and this is a gemma3 model.');
  await saveScreenshot(page, 'models');
});

test('compare answers one question with two configurations side by side, citations on both', async ({ page, host }) => {
  const models = modelsHandlers();
  const ask = await askDouble(page, { also: models.handlers });
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  await page.getByRole('textbox', { name: 'Model file path' }).fill('/models/gemma.gguf');
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByTestId('model-row')).toBeVisible();

  const b = page.getByRole('group', { name: 'Configuration B' });
  await expect(b.getByRole('checkbox', { name: 'concise-answers' })).toBeChecked();
  await expect(b.getByRole('checkbox', { name: 'llama-style' })).toHaveCount(0);
  await b.getByRole('slider', { name: 'Configuration B: scale of concise-answers' }).fill('0.5');
  await page.getByRole('group', { name: 'Configuration A' }).getByRole('checkbox', { name: 'Search the library' }).uncheck();
  await page.getByRole('textbox', { name: 'Question to compare' }).fill('What do compiled traces contain?');
  await page.getByRole('button', { name: 'Compare' }).click();

  await expect(page.getByTestId('compare-A')).toContainText('A: gemma-3-270m-it Q4_K_M, without retrieval');
  await expect(page.getByTestId('compare-B')).toContainText('B: gemma-3-270m-it Q4_K_M + concise-answers ×0.50');
  for (const side of ['A', 'B']) await expect(page.getByTestId(`compare-${side}`).getByRole('button', { name: /^Citation 1, verified/ })).toBeVisible();
  const asked = ask.calls.filter((c) => c.op === 'ask.ask').map((c) => c.payload);
  expect(asked.map((p) => ({ modelId: p.modelId, adapters: p.adapters, useRetrieval: p.useRetrieval }))).toEqual([
    { modelId: 'gemma', adapters: [], useRetrieval: false },
    { modelId: 'gemma', adapters: [{ id: 'lora-concise', scale: 0.5 }], useRetrieval: true },
  ]);
  await saveScreenshot(page, 'models-compare');
});
