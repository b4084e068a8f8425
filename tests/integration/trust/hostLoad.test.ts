import { CITE_DESIGN } from '../../../electron/core/ask/answer/answerDesign.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { unwrap } from '../../../electron/cli/output.js';
import {
  API_PATH,
  TOKEN_PARAM,
  WireClient,
  type ScholiumApi,
  type ScholiumEvent,
} from '../../../electron/contract/index.js';
import { startHost, type RunningHost } from '../../../electron/host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { openAskLibrary, type AskLibrary } from '../ask/askLibrary.js';

// One host, 20 clients at once: each streams its own answer while an import
// broadcasts its progress to all. No client loses or receives another's
// tokens, every client sees the whole import, memory is flat once they leave,
// and connections without the token or from a foreign page are refused.

const CLIENTS = 20;

interface Client {
  ws: WebSocket;
  events: ScholiumEvent[];
  invoke: ScholiumApi['invoke'];
}

function apiUrl(host: RunningHost, token: string | null): URL {
  const url = new URL(API_PATH, host.url.replace(/^http/, 'ws'));
  if (token !== null) url.searchParams.set(TOKEN_PARAM, token);
  return url;
}

async function connect(host: RunningHost): Promise<Client> {
  const ws = new WebSocket(apiUrl(host, host.token), { headers: { Origin: new URL(host.url).origin } });
  const events: ScholiumEvent[] = [];
  const calls = new WireClient(
    (message) => ws.send(JSON.stringify(message)),
    (event) => events.push(event),
  );
  ws.on('message', (data) => calls.receive(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, events, invoke: (op, payload) => calls.invoke(op, payload) };
}

/** The HTTP status a WebSocket upgrade is refused with (0 if it was accepted). */
function refusedWith(url: URL, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { Origin: origin } });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? -1));
    ws.on('open', () => (ws.close(), resolve(0)));
    ws.on('error', () => undefined);
  });
}

describe(`one host, ${CLIENTS} concurrent clients`, () => {
  let lib: AskLibrary;
  let host: RunningHost;
  let modelId: string;
  let adapterId: string;

  beforeAll(async () => {
    lib = await openAskLibrary();
    const model = writeTinyLlama(path.join(lib.dir, 'tiny.gguf'), { extraPieces: ['[1]'], contextLength: 2048 });
    modelId = unwrap(await lib.core.invoke('models.add', { path: model, name: 'tiny' })).modelId;
    const adapter = writeForcingAdapter(path.join(lib.dir, 'force.gguf'), {
      token: tinyVocab(TINY.vocab, ['[1]']).tokens.indexOf('[1]'),
    });
    adapterId = unwrap(await lib.core.invoke('adapters.add', { path: adapter, name: 'force' })).adapterId;
    // Answers in the model's own words, which the forcing adapter makes long: the quote design would decline.
    lib.core.ask.design = CITE_DESIGN;
    host = await startHost({ core: lib.core, staticDir: rendererDir() });
  });
  afterAll(async () => {
    await host?.close();
    await lib?.close();
  });

  /** All clients ask at once while client 0 imports a folder; returns each client's events and answer. */
  async function round(tag: string): Promise<void> {
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(host)));
    const folder = path.join(lib.dir, `more-${tag}`);
    fs.mkdirSync(folder);
    for (let i = 0; i < 3; i++)
      fs.writeFileSync(
        path.join(folder, `note-${i}.md`),
        `# Note ${tag} ${i}\n\nA short note number ${i} about trace recording in round ${tag}.\n`,
      );

    const asked = clients.map((c, i) =>
      c.invoke('ask.ask', {
        requestId: `${tag}-${i}`,
        question: 'How are nested loops recorded in trace trees?',
        modelId,
        adapters: [{ id: adapterId, scale: 1 }],
        k: 3,
      }),
    );
    const { jobId } = unwrap(await clients[0]!.invoke('library.import', { paths: [folder] }));
    const answers = await Promise.all(asked);
    await lib.core.jobs.wait(jobId);
    // Let the last broadcast reach every socket.
    await new Promise((r) => setTimeout(r, 200));

    const jobSequences = clients.map((c) =>
      JSON.stringify(
        c.events
          .filter((e) => e.channel === 'job' && e.jobId === jobId)
          .map((e) => e.channel === 'job' && [e.type, e.job.state, e.job.done, e.job.total]),
      ),
    );
    for (const [i, c] of clients.entries()) {
      const text = unwrap(answers[i]!).answer;
      const mine = c.events.filter((e) => e.channel === 'generation');
      // Only its own request's events, and together they are the whole answer.
      expect(new Set(mine.map((e) => e.channel === 'generation' && e.requestId))).toEqual(new Set([`${tag}-${i}`]));
      expect(mine.map((e) => (e.channel === 'generation' && e.type === 'token' ? e.text : '')).join('')).toBe(text);
      expect(text.length).toBeGreaterThan(10);
      // Every client saw the same import events, ending with its completion.
      expect(jobSequences[i]).toBe(jobSequences[0]);
      const last = c.events.filter((e) => e.channel === 'job' && e.jobId === jobId).at(-1);
      expect(last?.channel === 'job' && last.type).toBe('done');
    }
    await Promise.all(
      clients.map((c) => new Promise<void>((resolve) => (c.ws.once('close', () => resolve()), c.ws.close()))),
    );
  }

  it('streams each answer to its own client and the import to all, with memory flat after they leave', async () => {
    await round('warm');
    const heapAfterFirst = process.memoryUsage().heapUsed;
    await round('measured');
    await new Promise((r) => setTimeout(r, 100));
    expect(host.connections()).toBe(0);
    const growthMiB = (process.memoryUsage().heapUsed - heapAfterFirst) / 2 ** 20;
    console.info(
      `host load: ${CLIENTS} clients × 2 rounds; heap growth over the second round ${growthMiB.toFixed(1)} MiB`,
    );
    expect(growthMiB).toBeLessThan(64);
  }, 300_000);

  it('refuses connections without the token, with a wrong one, or from a foreign page', async () => {
    const origin = new URL(host.url).origin;
    expect(await refusedWith(apiUrl(host, null), origin)).toBe(401);
    expect(await refusedWith(apiUrl(host, 'not-the-token'), origin)).toBe(401);
    expect(await refusedWith(apiUrl(host, host.token), 'https://evil.example')).toBe(403);
    expect(await refusedWith(apiUrl(host, host.token), origin)).toBe(0);
  });
});
