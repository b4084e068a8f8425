import { expect, saveScreenshot, test } from './fixtures.js';
import { startScriptedServer } from '../fixtures/llamaServer/scriptedServer.js';

// Models on an inference server through the Models view: a loopback OpenAI-compatible server scripted by the test.

test('a model server is added by address and key (a wrong key refused in words), its model registered for chat and shown running there, then removed', async ({
  page,
  host,
}) => {
  const server = await startScriptedServer({
    models: ['lab-chat', 'lab-embed'],
    ownedBy: 'llamacpp',
    apiKey: 'sk-lab-e2e',
    answer: ['ok'],
  });
  try {
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    const region = page.getByRole('region', { name: 'Model servers' });
    await region.getByRole('textbox', { name: 'Server address' }).fill(server.base);
    await region.getByLabel('API key (optional)').fill('not-the-key');
    await region.getByRole('button', { name: 'Add server' }).click();
    await expect(region.getByRole('alert')).toContainText('refused the request (HTTP 401)');
    await region.getByLabel('API key (optional)').fill('sk-lab-e2e');
    await region.getByRole('button', { name: 'Add server' }).click();
    const row = region.getByTestId('server-row');
    await expect(row).toContainText(`${server.base} · llama.cpp · API key kept in the library folder`);
    const offered = row.getByRole('list', { name: /^Models on / });
    await expect(offered.getByRole('listitem')).toHaveCount(2);
    await offered
      .getByRole('listitem')
      .filter({ hasText: 'lab-chat' })
      .getByRole('button', { name: 'Use for chat' })
      .click();
    await expect(offered.getByRole('listitem').filter({ hasText: 'lab-chat' })).toContainText('registered as lab-chat');
    const model = page.getByTestId('model-row');
    await expect(model).toContainText(`runs on the server ${new URL(server.base).host}`);
    await expect(model.getByRole('cell').nth(5)).toHaveText(/needs no memory here/);
    await saveScreenshot(page, 'models-servers');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByTestId('model-servers')).toContainText(`${server.base} (answering)`);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await region.getByRole('button', { name: /^Remove server / }).click();
    await expect(region.getByTestId('server-row')).toHaveCount(0);
    await expect(page.getByTestId('model-row')).toHaveCount(0);
  } finally {
    await server.close();
  }
});
