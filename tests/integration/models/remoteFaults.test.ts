import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScholiumError } from '../../../electron/contract/index.js';
import { allowedModelServers } from '../../../electron/core/platform/networkGuard.js';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/llamaServer/scriptedServer.js';
import { fileScopedDir, openModels, type Harness } from './harness.js';

const ctx = { emit: () => undefined, signal: new AbortController().signal };
const FAST = { responseMs: 5000, idleMs: 1000, attempts: 3 };
const ANSWER = ['Retrieval ', 'augmented ', 'generation ', 'cites ', 'passages ', '[1].'];

async function failure(run: unknown): Promise<ScholiumError> {
  const error = await Promise.resolve(run).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScholiumError);
  return error as ScholiumError;
}

describe('models on an OpenAI-compatible server: faults a real server cannot be made to show', () => {
  let h: Harness;
  let server: ScriptedServer;
  let handlers: ReturnType<Harness['service']['handlers']>;

  beforeEach(async () => {
    server = await startScriptedServer({
      models: ['big-chat', 'big-embed'],
      ownedBy: 'llamacpp',
      apiKey: 'sk-test-secret-1234',
      answer: [...ANSWER],
    });
    h = openModels(fileScopedDir(), { serverTimeouts: FAST });
    handlers = h.service.handlers();
  });
  afterEach(async () => {
    await h.close();
    await server.close();
  });

  async function addChat(): Promise<string> {
    const { server: added } = await handlers['servers.add']({ url: server.base, apiKey: 'sk-test-secret-1234' }, ctx);
    const chat = await handlers['models.addRemote']({ serverId: added.serverId, model: 'big-chat', role: 'chat' }, ctx);
    await handlers['models.setDefault']({ role: 'chat', modelId: chat.modelId }, ctx);
    return chat.modelId;
  }

  it('a wrong key is refused in words and nothing is kept; the right one is kept readable only by the user, never in the database', async () => {
    const refused = await failure(handlers['servers.add']({ url: server.base, apiKey: 'wrong' }, ctx));
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.message).toMatch(/refused the request \(HTTP 401\).*API key.*It said: Invalid API Key/);
    expect(refused.message).not.toContain('wrong');
    expect(await handlers['servers.list']({}, ctx)).toEqual([]);
    expect(allowedModelServers()).toEqual([]);

    const added = await handlers['servers.add'](
      { url: `${server.base.replace(/\/v1$/, '')}/`, apiKey: 'sk-test-secret-1234' },
      ctx,
    );
    expect(added.server).toMatchObject({ url: server.base, kind: 'llama.cpp', hasKey: true, models: [] });
    expect(added.models.map((m) => m.model)).toEqual(['big-chat', 'big-embed']);
    expect(allowedModelServers()).toEqual([new URL(server.base).origin]);
    const keyFile = path.join(h.dir, 'servers', `${added.server.serverId}.key`);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    expect(server.requests.at(-1)!.authorization).toBe('Bearer sk-test-secret-1234');
    for (const file of fs.readdirSync(h.dir).filter((f) => f.startsWith('library.sqlite')))
      expect(fs.readFileSync(path.join(h.dir, file)).includes('sk-test-secret')).toBe(false);
  });

  it('streams from the server with the citation grammar, and keeps a stream cut midway marked as cut off', async () => {
    await addChat();
    const tokens: string[] = [];
    const whole = await h.service.generate({
      messages: [{ role: 'user', content: 'What does RAG cite?' }],
      grammar: 'root ::= "x"',
      onToken: (t) => tokens.push(t),
    });
    expect(whole).toMatchObject({ text: ANSWER.join(''), stopReason: 'eos', cutOff: null });
    expect(tokens).toEqual(ANSWER);
    expect(server.requests.at(-1)!.body).toMatchObject({ model: 'big-chat', stream: true, grammar: 'root ::= "x"' });

    server.script.dropAfter = 3;
    const cut = await h.service.generate({ messages: [{ role: 'user', content: 'Again?' }] });
    expect(cut.text).toBe(ANSWER.slice(0, 3).join(''));
    expect(cut.stopReason).toBe('cutOff');
    expect(cut.cutOff).toMatch(/connection to the model server .* dropped while it was answering/);
    // A stream that broke after it began is never sent again: one request for that answer.
    expect(server.requests.filter((r) => r.body?.messages !== undefined)).toHaveLength(2);
  });

  it('a stall past the idle timeout cuts the answer off; stop keeps the text so far', async () => {
    await addChat();
    server.script.delayMs = 1500;
    const stalled = await h.service.generate({ messages: [{ role: 'user', content: 'Slowly?' }] });
    expect(stalled.stopReason).toBe('cutOff');
    expect(stalled.text).toBe(ANSWER[0]);
    expect(stalled.cutOff).toMatch(/sent nothing for 1 s/);

    server.script.delayMs = 200;
    const controller = new AbortController();
    const stopped = await h.service.generate({
      messages: [{ role: 'user', content: 'Stop me' }],
      signal: controller.signal,
      onToken: () => controller.abort(),
    });
    expect(stopped).toMatchObject({ text: ANSWER[0], stopReason: 'aborted' });
  });

  it('busy (503, 429) is tried again, within limits, with a clear message when it stays busy', async () => {
    await addChat();
    server.script.failNext = { status: 503, times: 2 };
    const before = server.requests.length;
    expect((await h.service.generate({ messages: [{ role: 'user', content: 'Hi' }] })).text).toBe(ANSWER.join(''));
    expect(server.requests.length - before).toBe(3);

    server.script.failNext = { status: 429, times: 5 };
    const busy = await failure(h.service.generate({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(busy.code).toBe('MODEL_SERVER');
    expect(busy.message).toMatch(/is busy \(HTTP 429, too many requests\); try again in a moment/);
  });

  it('a model the server dropped, and a server that is down, each say so; removing the server closes the door', async () => {
    const modelId = await addChat();
    server.script.models = ['big-embed'];
    const gone = await failure(h.service.generate({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toMatch(/no longer serves the model "big-chat" \(HTTP 404\)/);
    const load = await failure(handlers['models.load']({ modelId }, ctx));
    expect(load.message).toMatch(/no longer offers "big-chat"/);

    await server.close();
    const down = await failure(h.service.generate({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(down.code).toBe('MODEL_SERVER');
    expect(down.message).toMatch(/cannot be reached \(ECONNREFUSED\): is it running/);

    const [configured] = await handlers['servers.list']({}, ctx);
    expect(await handlers['servers.remove']({ serverId: configured!.serverId }, ctx)).toEqual({
      removed: true,
      models: [modelId],
    });
    expect(await handlers['models.list']({}, ctx)).toEqual([]);
    expect(await handlers['models.defaults']({}, ctx)).toMatchObject({ chat: null });
    expect(allowedModelServers()).toEqual([]);
    expect(fs.existsSync(path.join(h.dir, 'servers', `${configured!.serverId}.key`))).toBe(false);
  });

  it('embeds through the server, normalised, in order; a model registered from a server shows where it runs', async () => {
    const { server: added } = await handlers['servers.add'](
      { url: server.base, apiKey: 'sk-test-secret-1234', name: 'GPU box' },
      ctx,
    );
    const embed = await handlers['models.addRemote'](
      { serverId: added.serverId, model: 'big-embed', role: 'embedding' },
      ctx,
    );
    expect(embed).toMatchObject({
      source: 'server',
      roles: ['embedding'],
      embeddingLength: 8,
      server: { serverId: added.serverId, name: 'GPU box', url: server.base, model: 'big-embed' },
      memory: { fits: true, note: 'Runs on GPU box; needs no memory here.' },
    });
    await handlers['models.setDefault']({ role: 'embedding', modelId: embed.modelId }, ctx);
    server.script.failNext = { status: 503, times: 1 };
    const vectors = await h.service.embedder().embed(['alpha', 'beta', 'alpha']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect([...vectors[0]!]).toEqual([...vectors[2]!]);
    const again = await failure(
      handlers['models.addRemote']({ serverId: added.serverId, model: 'big-embed', role: 'embedding' }, ctx),
    );
    expect(again.code).toBe('CONFLICT');
    const missing = await failure(
      handlers['models.addRemote']({ serverId: added.serverId, model: 'nope', role: 'chat' }, ctx),
    );
    expect(missing.message).toMatch(/does not offer a model "nope". It offers: big-chat, big-embed/);
  });
});
