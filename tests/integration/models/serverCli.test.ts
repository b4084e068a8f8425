import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/llamaServer/scriptedServer.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { runCli } from '../library/cliProcess.js';

describe('scholium models add-server, servers, remove-server; doctor lists the servers', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({
      models: ['lab-chat', 'lab-embed'],
      ownedBy: 'vllm',
      apiKey: 'sk-lab-0123',
      answer: ['ok'],
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('adds a server with its key from the environment, registers a chat model, lists, checks and removes it', async () => {
    const library = tempDir();
    process.env.SCHOLIUM_TEST_LAB_KEY = 'sk-lab-0123';
    const added = await runCli(library, [
      '--create',
      'models',
      'add-server',
      server.base,
      '--api-key-env',
      'SCHOLIUM_TEST_LAB_KEY',
      '--name',
      'lab',
      '--chat',
      'lab-chat',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added lab: lab, vllm at ${server.base} (API key kept)`);
    expect(added.stdout).toMatch(/lab-chat\s+\[registered as lab-chat\]/);
    expect(added.stdout).not.toContain('sk-lab');

    const listed = await runCli(library, ['models', 'list']);
    expect(listed.stdout).toContain(`runs on the model server lab (${server.base}) as "lab-chat"`);
    const servers = await runCli(library, ['--json', 'models', 'servers']);
    expect(servers.json).toMatchObject([
      {
        serverId: 'lab',
        kind: 'vllm',
        hasKey: true,
        models: ['lab-chat'],
        offered: [{ model: 'lab-chat' }, { model: 'lab-embed' }],
      },
    ]);

    const doctor = await runCli(library, ['doctor']);
    expect(doctor.stdout).toContain(`network     reaches only these model servers: ${server.base}`);
    expect(doctor.stdout).toMatch(/ok {3}model server {4}\S+ {2}vllm, offers 2 model\(s\); registered: lab-chat/);

    const refused = await runCli(library, ['models', 'add-server', server.base, '--api-key', 'wrong']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refused the request \(HTTP 401\)/);
    expect(refused.stderr).not.toContain('wrong');

    // Added again to rename it, without a key: the stored key stays (the server would refuse the request without it).
    const renamed = await runCli(library, ['models', 'add-server', server.base, '--name', 'lab box']);
    expect(renamed.stderr).toBe('');
    expect(renamed.stdout).toContain('(API key kept)');
    const dropped = await runCli(library, ['models', 'add-server', server.base, '--no-api-key']);
    expect(dropped.stderr).toMatch(/refused the request \(HTTP 401\)/);
    expect(((await runCli(library, ['--json', 'models', 'servers'])).json as { hasKey: boolean }[])[0]!.hasKey).toBe(
      true,
    );

    const removed = await runCli(library, ['models', 'remove-server', 'lab']);
    expect(removed.stdout).toContain('Removed lab and its models lab-chat.');
    const after = await runCli(library, ['--json', 'doctor']);
    expect((after.json as { servers: unknown[] }).servers).toEqual([]);
  }, 120_000);
});
