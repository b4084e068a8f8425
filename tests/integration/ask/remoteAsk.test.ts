import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/llamaServer/scriptedServer.js';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

const QUESTION = 'How does Berkeley DB recover after a crash?';
const ANSWER = [
  'Recovery ',
  'replays ',
  'committed ',
  'transactions ',
  'and ',
  'undoes ',
  'uncommitted ',
  'ones ',
  '[1].',
];

/**
 * Ask with a chat model on an OpenAI-compatible server that is not llama.cpp (no grammar field, no /tokenize): the
 * same pipeline, citations parsed as they stream and checked against the passages; a cut stream kept and marked.
 */
describe('asking with a chat model on a model server', () => {
  let lib: AskLibrary;
  let server: ScriptedServer;
  let modelId: string;

  beforeEach(async () => {
    server = await startScriptedServer({ models: ['lab-chat'], ownedBy: 'lab', answer: [...ANSWER] });
    lib = await openAskLibrary();
    const { server: added } = unwrap(await lib.core.invoke('servers.add', { url: server.base }));
    expect(added.kind).toBe('openai-compatible');
    modelId = unwrap(
      await lib.core.invoke('models.addRemote', { serverId: added.serverId, model: 'lab-chat', role: 'chat' }),
    ).modelId;
  });
  afterEach(async () => {
    await lib.close();
    await server.close();
  });

  it('streams the answer, resolves and verifies its citation, and sends no grammar to a server that takes none', async () => {
    const { answer, events } = await lib.ask({ question: QUESTION, modelId, k: 4 });
    expect(answer).toMatchObject({ mode: 'generated', answer: ANSWER.join(''), stopReason: 'eos' });
    expect(answer.model).toEqual({ id: modelId, name: 'lab-chat' });
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text)).toEqual(ANSWER);
    const citation = events.find((e) => e.type === 'citation');
    expect(citation).toMatchObject({ n: 1, paperId: lib.paperId('berkeley-db.md') });
    expect(answer.citations).toHaveLength(1);
    expect(['verified', 'supported']).toContain(answer.citations[0]!.status);
    const asked = server.requests.find((r) => r.path === '/v1/chat/completions')!.body!;
    expect(asked).toMatchObject({ model: 'lab-chat', stream: true, temperature: 0 });
    expect(asked).not.toHaveProperty('grammar');
    expect(JSON.stringify(asked.messages)).toContain('write-ahead logging');
  });

  it('a stream cut midway keeps the partial answer, marked and noted, in the conversation; the next answer is whole', async () => {
    server.script.dropAfter = 4;
    const { answer } = await lib.ask({ question: QUESTION, modelId, k: 4 });
    expect(answer).toMatchObject({ answer: ANSWER.slice(0, 4).join(''), stopReason: 'cutOff' });
    expect(answer.notes.join(' ')).toMatch(
      /dropped while it was answering, so the answer was cut off there\. The text so far is kept/,
    );
    server.script.dropAfter = undefined;
    const next = await lib.ask({ question: QUESTION, modelId, k: 4, conversationId: answer.conversationId });
    expect(next.answer.stopReason).toBe('eos');
    const stored = unwrap(await lib.core.invoke('conversations.get', { conversationId: answer.conversationId }));
    expect(stored.turns.map((t) => t.stopReason)).toEqual(['cutOff', 'eos']);
    const md = unwrap(
      await lib.core.invoke('conversations.export', { conversationId: answer.conversationId, format: 'markdown' }),
    );
    expect(md.content).toContain('Incomplete: the connection to the model server dropped before the answer finished.');
  });

  it('a server that is down fails the question in words and stores nothing', async () => {
    await server.close();
    const result = await lib.core.invoke('ask.ask', { requestId: 'down', question: QUESTION, modelId, k: 4 } as never);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('MODEL_SERVER');
      expect(result.error.message).toMatch(/cannot be reached \(ECONNREFUSED\): is it running/);
    }
    expect(unwrap(await lib.core.invoke('conversations.list', {}))).toHaveLength(0);
  });
});
