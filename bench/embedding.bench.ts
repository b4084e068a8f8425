/**
 * Embedding throughput of the quantized embedder against F32, side by side in one run: all-MiniLM-L6-v2 as Scholium
 * converts it by default (Q8_0) and at F32 (npm run models:fetch keeps both), each through Scholium's model runtime
 * on the same threads, embedding the same real passages (SciFact abstracts, title then text, as the library gives them
 * to the model) in alternating rounds; then one query at a time (SciFact claims), as search embeds them. Reports
 * passages per second of the runtime process's CPU time (read from /proc: on a machine shared with other work the
 * wall clock mostly measures the others, so the runtime runs one thread, which never waits for another) and of wall
 * time, the ratio (median over rounds of the back-to-back pairs) and how close the vectors are (cosine).
 * Retrieval quality of each is `npm run eval -- --sets scifact --embedding FILE`.
 * Writes bench/results/embedding.md and embedding.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { openLibraryDatabase } from '../electron/core/db/database.js';
import { percentile } from '../electron/core/evaluation/metrics.js';
import { SCIFACT } from '../scripts/eval/scifact.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';

const PASSAGES = 24;
const QUERIES = 24;
const ROUNDS = 4;
const threads = 1;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | null): number | null {
  if (pid === null || !fs.existsSync(`/proc/${pid}/stat`)) return null;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function scifactLines(file: string, n: number): Array<{ title?: string; text: string }> {
  return fs
    .readFileSync(path.join(SCIFACT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .map((l) => JSON.parse(l) as { title?: string; text: string });
}

const median = (xs: number[]): number => percentile(xs, 50);

async function main(): Promise<void> {
  const quantized = cachedModel('embedding');
  const f32 = cachedModel('embeddingF32');
  if (quantized.file === null || f32.file === null) throw new Error(quantized.reason || f32.reason);
  const passages = scifactLines('corpus.jsonl', PASSAGES).map((d) => `${d.title ?? ''}\n\n${d.text}`);
  const queries = scifactLines('queries.jsonl', QUERIES).map((q) => q.text);
  const words = passages.reduce((n, p) => n + p.split(/\s+/).length, 0) / passages.length;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-embedding-bench-'));
  const library = openLibraryDatabase(path.join(work, 'lib'));
  const jobs = new JobManager(library.db);
  const service = new ModelService(
    { db: library.db, libraryDir: path.join(work, 'lib'), jobs, mode: 'cli' },
    { gpu: false, threads, contextTokens: 2048 },
  );
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  const add = async (file: string, name: string): Promise<string> =>
    (await service.handlers()['models.add']({ path: file, copy: false, name }, ctx)).modelId;
  const models = { f32: await add(f32.file, 'f32'), q8_0: await add(quantized.file, 'q8_0') };
  const embedders = { f32: service.embedder(models.f32), q8_0: service.embedder(models.q8_0) };
  const loadBefore = os.loadavg()[0]!;
  // Warm both (load the model, build the context) before timing.
  for (const e of Object.values(embedders)) await e.embed(passages.slice(0, 2));

  const seconds = { f32: [] as number[], q8_0: [] as number[] };
  const cpu = { f32: [] as number[], q8_0: [] as number[] };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const vectors: Record<'f32' | 'q8_0', Float32Array[]> = { f32: [], q8_0: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first, so neither always runs on a warmer or quieter machine.
    const order = round % 2 === 0 ? (['f32', 'q8_0'] as const) : (['q8_0', 'f32'] as const);
    for (const which of order) {
      const c0 = cpuSeconds(service.runtime.pid);
      const t0 = performance.now();
      vectors[which] = await embedders[which].embed(passages, { kind: 'passage' });
      seconds[which].push((performance.now() - t0) / 1000);
      const c1 = cpuSeconds(service.runtime.pid);
      if (c0 !== null && c1 !== null) cpu[which].push(c1 - c0);
    }
    ratios.push(seconds.f32.at(-1)! / seconds.q8_0.at(-1)!);
    if (cpu.q8_0.length > round) cpuRatios.push(cpu.f32.at(-1)! / cpu.q8_0.at(-1)!);
    console.log(
      `round ${round + 1}: F32 ${seconds.f32.at(-1)!.toFixed(1)} s (CPU ${cpu.f32.at(-1)?.toFixed(1)} s), Q8_0 ${seconds.q8_0.at(-1)!.toFixed(1)} s (CPU ${cpu.q8_0.at(-1)?.toFixed(1)} s)`,
    );
  }
  const cosines = vectors.f32.map((v, i) => v.reduce((s, x, j) => s + x * vectors.q8_0[i]![j]!, 0));
  const queryMs = { f32: [] as number[], q8_0: [] as number[] };
  for (const q of queries)
    for (const which of ['f32', 'q8_0'] as const) {
      const t0 = performance.now();
      await embedders[which].embed([q], { kind: 'query' });
      queryMs[which].push(performance.now() - t0);
    }
  await service.close();
  await jobs.shutdown();
  library.close();
  fs.rmSync(work, { recursive: true, force: true });

  const rate = (which: 'f32' | 'q8_0'): number => PASSAGES / Math.min(...seconds[which]);
  const cpuRate = (which: 'f32' | 'q8_0'): number | null =>
    cpu[which].length === 0 ? null : PASSAGES / Math.min(...cpu[which]);
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '' },
    threads,
    loadAverage: { start: loadBefore, end: os.loadavg()[0]! },
    models: { f32: path.basename(f32.file), q8_0: path.basename(quantized.file) },
    sizes: { f32: fs.statSync(f32.file).size, q8_0: fs.statSync(quantized.file).size },
    passages: { count: PASSAGES, meanWords: words },
    passagesPerSecond: { f32: rate('f32'), q8_0: rate('q8_0') },
    passagesPerCpuSecond: { f32: cpuRate('f32'), q8_0: cpuRate('q8_0') },
    /** The goal's figure: median over rounds of F32's CPU time over Q8_0's, back to back (wall time without /proc). */
    speedup: median(cpuRatios.length > 0 ? cpuRatios : ratios),
    wallSpeedup: median(ratios),
    cosine: { min: Math.min(...cosines), mean: cosines.reduce((a, b) => a + b, 0) / cosines.length },
    queryMs: { f32: median(queryMs.f32), q8_0: median(queryMs.q8_0) },
  };
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const md = [
    '# Embedding throughput: quantized vs F32',
    '',
    `${report.date.slice(0, 10)} · ${report.machine.cpus} × ${report.machine.model}; the runtime on ${threads} thread; load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end. ${PASSAGES} SciFact abstracts (title and text, ${words.toFixed(0)} words on average) per round, ${ROUNDS} rounds, the two models back to back in alternating order.`,
    '',
    '| embedder | file | passages per CPU second (best round) | passages/s, wall (best round) | one query, ms (median) |',
    '|---|---|---|---|---|',
    `| F32 | ${report.models.f32}, ${mib(report.sizes.f32)} | ${report.passagesPerCpuSecond.f32?.toFixed(1) ?? '–'} | ${report.passagesPerSecond.f32.toFixed(1)} | ${report.queryMs.f32.toFixed(1)} |`,
    `| **Q8_0 (default)** | ${report.models.q8_0}, ${mib(report.sizes.q8_0)} | **${report.passagesPerCpuSecond.q8_0?.toFixed(1) ?? '–'}** | ${report.passagesPerSecond.q8_0.toFixed(1)} | ${report.queryMs.q8_0.toFixed(1)} |`,
    '',
    `Q8_0 embeds **${report.speedup.toFixed(2)}×** as many passages per CPU second as F32 (median of the rounds' ratios; by wall time ${report.wallSpeedup.toFixed(2)}×). Cosine of each passage's Q8_0 vector with its F32 vector: mean ${report.cosine.mean.toFixed(4)}, lowest ${report.cosine.min.toFixed(4)}.`,
    '',
  ].join('\n');
  const results = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'embedding.md'), md);
  fs.writeFileSync(path.join(results, 'embedding.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(md);
}

await main();
