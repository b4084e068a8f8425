import { CITE_DESIGN } from '../../../electron/core/ask/answer/answerDesign.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import type { GenerationEvent } from '../../../electron/contract/index.js';
import { parseCitations } from '../../../electron/core/ask/citations/citationParser.js';
import { splitSentences } from '../../../electron/core/ask/citations/sentences.js';
import { cachedModel } from '../../fixtures/gguf/modelCache.js';
import { startLlamaServer, type LlamaServer } from '../../fixtures/llamaServer/runLlamaServer.js';
import { cachedLlamaServer } from '../../fixtures/llamaServer/serverCache.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

const binary = cachedLlamaServer();
const chat = cachedModel('chat');
const embedding = cachedModel('embedding');
const missing = [binary, chat, embedding].filter((m) => m.file === null).map((m) => m.reason);
if (missing.length > 0) console.warn(`Skipping the llama-server tests: ${missing.join(' ')}`);

const QUESTION = 'How does Berkeley DB recover after a crash?';

describe.skipIf(missing.length > 0)(
  'a real llama-server on 127.0.0.1 (SmolLM2-135M-Instruct, all-MiniLM-L6-v2) as the model source',
  () => {
    let chatServer: LlamaServer;
    let embedServer: LlamaServer;
    let lib: AskLibrary;
    let chatModel: string;
    let localEmbedder: string;
    let remoteEmbedder: string;

    beforeAll(async () => {
      [chatServer, embedServer] = await Promise.all([
        startLlamaServer(binary.file!, { model: chat.file!, contextTokens: 2048 }),
        startLlamaServer(binary.file!, { model: embedding.file!, embeddings: true, contextTokens: 512 }),
      ]);
      lib = await openAskLibrary();
      const { core } = lib;
      const added = unwrap(await core.invoke('servers.add', { url: chatServer.base, name: 'chat box' }));
      expect(added.server).toMatchObject({ kind: 'llama.cpp', hasKey: false });
      expect(added.models).toHaveLength(1);
      chatModel = unwrap(
        await core.invoke('models.addRemote', {
          serverId: added.server.serverId,
          model: added.models[0]!.model,
          role: 'chat',
          name: 'SmolLM2 on llama-server',
        }),
      ).modelId;
      const embedBox = unwrap(await core.invoke('servers.add', { url: embedServer.base, name: 'embed box' }));
      remoteEmbedder = unwrap(
        await core.invoke('models.addRemote', {
          serverId: embedBox.server.serverId,
          model: embedBox.models[0]!.model,
          role: 'embedding',
        }),
      ).modelId;
      localEmbedder = unwrap(await core.invoke('models.add', { path: embedding.file!, name: 'MiniLM here' })).modelId;
    }, 300_000);

    afterAll(async () => {
      await lib?.close();
      await Promise.all([chatServer?.close(), embedServer?.close()]);
    });

    it('registers the served models with the server’s context, and counts tokens as the local runtime does', async () => {
      const models = unwrap(await lib.core.invoke('models.list', {}));
      const remote = models.find((m) => m.modelId === chatModel)!;
      expect(remote).toMatchObject({ source: 'server', roles: ['chat'], contextLength: 2048 });
      expect(remote.server).toMatchObject({ name: 'chat box', url: chatServer.base });
      const text = 'Write-ahead logging writes every change to the log before the data pages.';
      const [remoteCount] = await lib.core.models.countTokens([text], chatModel);
      const local = unwrap(await lib.core.invoke('models.add', { path: chat.file!, name: 'SmolLM2 here' })).modelId;
      const [localCount] = await lib.core.models.countTokens([text], local);
      unwrap(await lib.core.invoke('models.remove', { modelId: local }));
      expect(remoteCount).toBe(localCount);
    }, 120_000);

    it('embeds through the server the same vectors as the local runtime, and fills the library’s vectors', async () => {
      const texts = ['Berkeley DB replays committed transactions.', 'Loudness is measured in LUFS.'];
      const remote = await lib.core.models.embedder(remoteEmbedder).embed(texts);
      const local = await lib.core.models.embedder(localEmbedder).embed(texts);
      for (const [i, v] of remote.entries()) {
        expect(v).toHaveLength(384);
        let dot = 0;
        for (let j = 0; j < v.length; j += 1) dot += v[j]! * local[i]![j]!;
        expect(dot).toBeGreaterThan(0.999);
      }
      unwrap(await lib.core.invoke('models.setDefault', { role: 'embedding', modelId: remoteEmbedder }));
      const status = unwrap(await lib.core.invoke('library.embeddingStatus', {}));
      if (status.jobId !== null) expect(await lib.core.jobs.wait(status.jobId)).toMatchObject({ state: 'done' });
      expect(unwrap(await lib.core.invoke('library.embeddingStatus', {}))).toMatchObject({
        modelId: remoteEmbedder,
        embedded: status.passages,
      });
    }, 300_000);

    it('answers a question streaming, held to the citation grammar, each citation resolved and checked', async () => {
      // The cite design: the server applies its grammar to sentences in the model's own words.
      lib.core.ask.design = CITE_DESIGN;
      const tokens: string[] = [];
      const { answer, events } = await lib.ask(
        { question: QUESTION, modelId: chatModel, k: 4 },
        (e: GenerationEvent) => {
          if (e.type === 'token') tokens.push(e.text);
        },
      );
      expect(answer.model).toEqual({ id: chatModel, name: 'SmolLM2 on llama-server' });
      expect(tokens.length).toBeGreaterThan(1);
      // Greedy decoding on a fixed build: the model answers (a decline, the grammar's other branch, would fail here).
      expect(answer.mode).toBe('generated');
      expect(tokens.join('')).toBe(answer.answer);
      // The grammar: every sentence ends with the number of a passage it was given.
      const given = answer.passages.length;
      for (const sentence of splitSentences(answer.answer)) {
        const markers = parseCitations(sentence.text);
        expect(markers.length, sentence.text).toBeGreaterThan(0);
        for (const n of markers.flatMap((m) => m.numbers)) expect(n).toBeLessThanOrEqual(given);
      }
      expect(events.filter((e) => e.type === 'citation').length).toBeGreaterThan(0);
      expect(answer.citations.length).toBeGreaterThan(0);
      for (const c of answer.citations)
        expect(['verified', 'supported', 'unsupported', 'attributed']).toContain(c.status);
    }, 300_000);

    it('stops an answer midway, keeping the text so far', async () => {
      let requestId = '';
      let seen = 0;
      const { answer } = await lib.ask(
        { question: 'What is two-phase locking in Berkeley DB?', modelId: chatModel, k: 4 },
        (e) => {
          requestId = e.requestId;
          if (e.type === 'token' && (seen += 1) === 2) void lib.core.invoke('ask.stop', { requestId });
        },
      );
      expect(answer.mode).toBe('generated');
      expect(answer.stopReason).toBe('aborted');
      expect(answer.answer.length).toBeGreaterThan(0);
    }, 300_000);

    it('a server killed mid-answer leaves the partial answer marked as cut off, and the next question says it is down', async () => {
      unwrap(await lib.core.invoke('models.setGenerationSettings', { maxAnswerTokens: 400 }));
      let killed = false;
      const { answer } = await lib.ask({ question: QUESTION, modelId: chatModel, k: 4 }, (e) => {
        if (e.type === 'token' && !killed) {
          killed = true;
          void chatServer.kill();
        }
      });
      expect(killed).toBe(true);
      expect(answer.stopReason).toBe('cutOff');
      expect(answer.answer.length).toBeGreaterThan(0);
      expect(answer.notes.join(' ')).toMatch(/dropped while it was answering.*The text so far is kept/);
      const stored = unwrap(await lib.core.invoke('conversations.get', { conversationId: answer.conversationId }));
      expect(stored.turns.at(-1)).toMatchObject({ answer: answer.answer, stopReason: 'cutOff' });

      const down = await lib.core.invoke('ask.ask', {
        requestId: 'after-kill',
        question: QUESTION,
        modelId: chatModel,
        k: 4,
      } as never);
      expect(down.ok).toBe(false);
      if (!down.ok) expect(down.error.message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    }, 300_000);

    it('an embedding server that is down leaves search its full-text half, and the answer says so', async () => {
      await embedServer.kill();
      const { answer } = await lib.ask({ question: QUESTION, modelId: null, k: 4 }, () => undefined);
      expect(answer.passages.length).toBeGreaterThan(0);
      expect(answer.notes.join(' ')).toMatch(
        /embed box .* cannot be reached .* Passages were found by their words alone/,
      );
      expect(unwrap(await lib.core.invoke('ask.search', { query: QUESTION, k: 4 })).length).toBeGreaterThan(0);
    }, 300_000);
  },
);
