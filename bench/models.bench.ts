/**
 * Model runtime benchmark (tsx bench/models.bench.ts): prompt-processing and
 * generation tokens/s through Scholium's runtime process vs a bare
 * node-llama-cpp loop on the same model and threads; embedding passages/s;
 * adapter switch vs full model reload. Uses the cached real models when
 * `npm run models:fetch` has run, else the tiny test model.
 * Writes bench/results/models.md and models.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama, LlamaCompletion, LlamaLogLevel } from 'node-llama-cpp';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { openLibraryDatabase } from '../electron/core/db/database.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';
import { writeForcingAdapter, writeTinyLlama } from '../tests/fixtures/gguf/tinyModels.js';

const threads = physicalCoreCount();
const GENERATED = 64;
const REPEATS = 9;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-bench-'));
const tiny = writeTinyLlama(path.join(work, 'tiny.gguf'));
const chatFile = cachedModel('base').file ?? tiny;
const embedFile = cachedModel('embedding').file ?? tiny;
const prompt = `${'Retrieval-augmented generation grounds answers in cited passages from the library. '.repeat(24)}In summary,`;

let run = 0;
/**
 * A different first word each call, so neither loop can reuse an evaluated prefix: every call processes the whole
 * prompt.
 */
const freshPrompt = (): string => `Note ${++run}. ${prompt}`;

/**
 * The fastest of several runs: on a shared machine other work only ever adds time, so the minimum is the least
 * disturbed figure.
 */
const best = (xs: number[]): number => Math.min(...xs);

async function time<T>(run: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Streams one answer of GENERATED tokens, calling onChunk as text arrives; resolves to the tokens generated. */
type Stream = (onChunk: () => void) => Promise<number>;
interface Timing {
  /** Time to the first streamed text: the whole prompt evaluated, plus one token. */
  promptMs: number;
  /** Generation speed after the first token: tokens after it over the time they took. */
  tokensPerSecond: number;
}

async function streamOnce(stream: Stream): Promise<Timing> {
  const start = performance.now();
  let first = 0;
  const tokens = await stream(() => {
    if (first === 0) first = performance.now();
  });
  const end = performance.now();
  return { promptMs: first - start, tokensPerSecond: ((tokens - 1) * 1000) / (end - first) };
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface PairResult {
  a: Timing;
  b: Timing;
  /** b over a for the two runs of each round, back to back; their median is the figure least moved by other load. */
  pairedRatio: { prompt: number; generation: number };
}

/**
 * Both figures from one streamed run, timed where the caller sees the text (for
 * the runtime: in the core, after the process hop). Each round runs both loops
 * back to back, in alternating order, so load from other processes falls on both alike.
 */
async function measurePair(a: Stream, b: Stream): Promise<PairResult> {
  await streamOnce(a);
  await streamOnce(b);
  const runs: [Timing[], Timing[]] = [[], []];
  for (let i = 0; i < REPEATS; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) runs[k]!.push(await streamOnce(k === 0 ? a : b));
  }
  const [x, y] = runs.map((r) => ({
    promptMs: best(r.map((t) => t.promptMs)),
    tokensPerSecond: Math.max(...r.map((t) => t.tokensPerSecond)),
  }));
  const [ra, rb] = runs;
  return {
    a: x!,
    b: y!,
    pairedRatio: {
      prompt: median(ra.map((t, i) => t.promptMs / rb[i]!.promptMs)),
      generation: median(ra.map((t, i) => rb[i]!.tokensPerSecond / t.tokensPerSecond)),
    },
  };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    maxThreads: threads,
    logLevel: LlamaLogLevel.error,
    progressLogs: false,
  });
  const bareModel = await llama.loadModel({ modelPath: chatFile });
  const completion = new LlamaCompletion({
    contextSequence: (await bareModel.createContext({ contextSize: 2048, threads })).getSequence(),
  });
  const promptTokens = bareModel.tokenize(`Note 10. ${prompt}`).length + 1;
  const library = openLibraryDatabase(path.join(work, 'lib'));
  const jobs = new JobManager(library.db);
  const service = new ModelService(
    { db: library.db, libraryDir: path.join(work, 'lib'), jobs, mode: 'cli' },
    { gpu: false, threads, contextTokens: 2048 },
  );
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  const h = service.handlers();
  const chat = await h['models.add']({ path: chatFile, copy: false, name: 'chat' }, ctx);
  const embed =
    embedFile === chatFile ? chat : await h['models.add']({ path: embedFile, copy: false, name: 'embedder' }, ctx);
  const {
    a: bareResult,
    b: runtime,
    pairedRatio,
  } = await measurePair(
    async (onChunk) => {
      let tokens = 0;
      await completion.generateCompletion(freshPrompt(), {
        maxTokens: GENERATED,
        temperature: 0,
        onTextChunk: onChunk,
        onToken: (t) => (tokens += t.length),
      });
      return tokens;
    },
    async (onChunk) =>
      (await service.generate({ modelId: chat.modelId, prompt: freshPrompt(), maxTokens: GENERATED, onToken: onChunk }))
        .tokens.completion,
  );
  await llama.dispose();

  const passages = Array.from(
    { length: 64 },
    (_, i) =>
      `Passage ${i}: ${'Protein folding results were replicated across three independent laboratories. '.repeat(6)}`,
  );
  const embedder = service.embedder(embed.modelId);
  await embedder.embed(passages.slice(0, 4));
  const embedRuns: number[] = [];
  for (let i = 0; i < 3; i++) embedRuns.push(await time(() => embedder.embed(passages)));
  const embedMs = best(embedRuns);

  const tinyModel =
    chat.modelId === 'chat' && chatFile === tiny
      ? chat
      : await h['models.add']({ path: tiny, copy: false, name: 'tiny' }, ctx);
  const adapters = await Promise.all(
    [300, 301, 302, 303, 304].map(
      async (token) =>
        (
          await h['adapters.add'](
            { path: writeForcingAdapter(path.join(work, `a${token}.gguf`), { token }), copy: false },
            ctx,
          )
        ).adapterId,
    ),
  );
  const messages = [{ role: 'user' as const, content: 'hello' }];
  await service.generate({ modelId: tinyModel.modelId, messages, maxTokens: 1 });
  const switches: number[] = [];
  for (const id of adapters)
    switches.push(
      await time(() =>
        service.generate({ modelId: tinyModel.modelId, messages, maxTokens: 1, adapters: [{ id, scale: 1 }] }),
      ),
    );
  const reloads: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    reloads.push(
      await time(async () => {
        await h['models.unload']({ modelId: tinyModel.modelId }, ctx);
        await service.generate({ modelId: tinyModel.modelId, messages, maxTokens: 1 });
      }),
    );
  }
  await service.close();
  await jobs.shutdown();
  library.close();
  fs.rmSync(work, { recursive: true, force: true });

  const pp = (r: Timing): number => (promptTokens / r.promptMs) * 1000;
  const tg = (r: Timing): number => r.tokensPerSecond;
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, physical: threads, model: os.cpus()[0]?.model ?? '' },
    /** 1-minute load average at the start and the end: other work on a shared machine skews every figure. */
    loadAverage: { start: loadBefore, end: os.loadavg()[0]! },
    chatModel: path.basename(chatFile),
    embeddingModel: path.basename(embedFile),
    threads,
    promptTokens,
    bare: { promptTokensPerSecond: pp(bareResult), generationTokensPerSecond: tg(bareResult) },
    runtime: { promptTokensPerSecond: pp(runtime), generationTokensPerSecond: tg(runtime) },
    /** Of the best runs; `paired` (the goal's figure): median over rounds of runtime/bare, run back to back. */
    ratio: { prompt: pp(runtime) / pp(bareResult), generation: tg(runtime) / tg(bareResult), paired: pairedRatio },
    embedding: { passages: passages.length, passagesPerSecond: (passages.length / embedMs) * 1000 },
    adapters: { switchMs: best(switches), reloadMs: best(reloads) },
  };
  const f = (n: number): string => n.toFixed(1);
  const md = [
    `# Model runtime benchmark`,
    '',
    `${report.date.slice(0, 10)} · ${report.machine.model}, ${threads} physical cores (threads = ${threads}); load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end. Chat model: ${report.chatModel}; embedder: ${report.embeddingModel}. ${REPEATS} rounds, each running both loops back to back.`,
    '',
    '| | bare node-llama-cpp (best) | Scholium runtime (best) | ratio of bests | ratio, median of back-to-back pairs |',
    '|---|---|---|---|---|',
    `| prompt processing (${report.promptTokens} tokens, to the first streamed text), tok/s | ${f(report.bare.promptTokensPerSecond)} | ${f(report.runtime.promptTokensPerSecond)} | ${report.ratio.prompt.toFixed(2)} | ${report.ratio.paired.prompt.toFixed(2)} |`,
    `| generation (${GENERATED} tokens streamed, after the first), tok/s | ${f(report.bare.generationTokensPerSecond)} | ${f(report.runtime.generationTokensPerSecond)} | ${report.ratio.generation.toFixed(2)} | ${report.ratio.paired.generation.toFixed(2)} |`,
    '',
    `Embedding: ${f(report.embedding.passagesPerSecond)} passages/s (${passages.length} passages of ~90 words).`,
    '',
    `Adapter switch (new context with another LoRA on the loaded tiny model, 1 token): ${f(report.adapters.switchMs)} ms; full reload of the same model: ${f(report.adapters.reloadMs)} ms.`,
    '',
  ].join('\n');
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'models.md'), md);
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'models.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(md);
}

await main();
