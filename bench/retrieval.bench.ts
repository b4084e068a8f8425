/**
 * Retrieval latency at scale: p50/p95 of full-text, vector and hybrid search through the retriever `ask` uses, on
 * libraries of 10k, 100k and 1M passages made from real text (see realisticLibrary.ts: SciFact's abstracts with their
 * all-MiniLM-L6-v2 vectors, mixed pairwise to scale), queried with SciFact's test claims (their own vectors, embedded
 * once before timing; the time to embed one is reported apart). Side by side in the same run: the vector search
 * through the binary codes in memory (search/codeIndex.ts) against sqlite-vec's exact scan, full text scoring the
 * rarer words' passages (search/boundedFullText.ts) against scoring every match, and hybrid against both exact
 * searches fused, with the share of the exact top 10 each keeps (recall@10, over odd and even claim ids apart). Also
 * the build time and size per million passages, and the codes' memory and first load. The evaluation library of
 * SciFact (npm run eval) is the source; it is built first when missing.
 * Writes bench/results/retrieval.md and retrieval.json.
 *
 *   npx tsx bench/retrieval.bench.ts [--sizes 10000,100000,1000000] [--queries 100] [--library <eval cache dir>]
 *     [--source <library.sqlite> --embedding <the GGUF that embedded it>] [--libraries <dir to keep and reuse them>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reciprocalRankFusion } from '../electron/core/ask/retrieval/fusion.js';
import { Retriever, type RetrievalMode } from '../electron/core/ask/retrieval/retriever.js';
import { percentile } from '../electron/core/evaluation/metrics.js';
import { PassageSearch } from '../electron/core/library/search/passageSearch.js';
import { resolveScope } from '../electron/core/library/search/scope.js';
import type { Embedder } from '../electron/core/models/embedder.js';
import { evalCacheRoot, withLibrary } from '../scripts/eval/library.js';
import { importScifact, scifactTestQueries } from '../scripts/eval/scifact.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';
import { openLibraryDatabase } from '../electron/core/db/database.js';
import { JobManager } from '../electron/core/jobs/jobManager.js';
import { ModelService } from '../electron/core/models/modelService.js';
import { codeIndexOf } from '../electron/core/library/search/codeIndex.js';
import { findVectorTable } from '../electron/core/library/store/vectors.js';
import { generator } from '../tests/fixtures/random.js';
import { buildLibrary, readSourcePassages, type BuiltLibrary, type SourcePassage } from './realisticLibrary.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '100' },
    library: { type: 'string' },
    source: { type: 'string' },
    embedding: { type: 'string' },
    libraries: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const queryCount = Number(values.queries);
/** Queries for the slow references (exact vector scan, unpruned full text) at a million passages. */
const REFERENCE_QUERIES_AT_1M = 50;
const K = 10;
/** Candidates each list gives the fusion (the retriever's CANDIDATES). */
const CANDIDATES = 50;

interface Query {
  /** SciFact's claim id: constants are chosen on the odd ids and confirmed on the even ones. */
  id: string;
  text: string;
  vector: Float32Array;
}

/**
 * The source passages (the SciFact library as the evaluation builds it, or --source, any library embedded by
 * --embedding) and the test claims embedded by the same model, one at a time as search embeds them.
 */
async function sources(): Promise<{ file: string; embedding: string; queries: Query[]; embedMs: number[] }> {
  const embedding = values.embedding ?? cachedModel('embedding').file;
  if (embedding === null) throw new Error(cachedModel('embedding').reason);
  const root = evalCacheRoot(values.library);
  const file = values.source ?? path.join(root, `scifact-${path.basename(embedding, '.gguf')}`, 'library.sqlite');
  if (!fs.existsSync(file)) {
    console.log(`Source: SciFact, imported into ${root} and embedded with ${path.basename(embedding)}…`);
    await withLibrary(root, 'scifact', embedding, null, importScifact);
  }
  const order = generator(7);
  const chosen = scifactTestQueries()
    .map((q) => ({ q, r: order() }))
    .sort((a, b) => a.r - b.r)
    .slice(0, queryCount)
    .map(({ q }) => q);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-retrieval-queries-'));
  const library = openLibraryDatabase(work);
  const jobs = new JobManager(library.db);
  const service = new ModelService(
    { db: library.db, libraryDir: work, jobs, mode: 'cli' },
    { gpu: false, threads: 1, contextTokens: 2048 },
  );
  try {
    const ctx = { emit: () => undefined, signal: new AbortController().signal };
    const added = await service.handlers()['models.add']({ path: embedding, copy: false }, ctx);
    const embedder = service.embedder(added.modelId);
    await embedder.embed(['warm up'], { kind: 'query' });
    const queries: Query[] = [];
    const embedMs: number[] = [];
    for (const { id, text } of chosen) {
      const t0 = performance.now();
      const [vector] = await embedder.embed([text], { kind: 'query' });
      embedMs.push(performance.now() - t0);
      queries.push({ id, text, vector: vector! });
    }
    return { file, embedding, queries, embedMs };
  } finally {
    await service.close();
    await jobs.shutdown();
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface Row {
  passages: number;
  mode: string;
  queries: number;
  /** CPU time of the query (this process; the search is synchronous SQLite work), ms. */
  p50: number;
  p95: number;
  /** Wall-clock time, ms: on a machine shared with other work mostly the others' time. */
  wallP50: number;
  wallP95: number;
  /** Share of the reference's top 10 in this top 10 (binary preselection vs exact, pruned vs all words). */
  recall10: number | null;
  /** The same over the claims of odd and of even ids. */
  recallOdd: number | null;
  recallEven: number | null;
}

const overlap = (found: readonly number[], reference: readonly number[]): number =>
  reference.length === 0
    ? 1
    : reference.slice(0, K).filter((id) => found.slice(0, K).includes(id)).length / Math.min(K, reference.length);

interface Times {
  wall: number[];
  cpu: number[];
}

async function timed<T>(times: Times, run: () => T | Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  times.wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  times.cpu.push((c.user + c.system) / 1000);
  return value;
}

const mean = (xs: number[] | null): number | null =>
  xs === null || xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;

const fusedTop = (lists: number[][]): number[] =>
  reciprocalRankFusion(lists.map((l) => l.map(String)))
    .slice(0, K)
    .map((r) => Number(r.id));

interface Built {
  rows: Row[];
  seconds: number;
  bytes: number;
  /** The first search's loading of the codes into memory, CPU ms, and what they take there. */
  codesLoadMs: number;
  codesBytes: number;
}

/** The library of a size: built in a temporary folder, or kept in (and reused from) --libraries. */
function library(
  size: number,
  modelId: string,
  passages: readonly SourcePassage[],
): BuiltLibrary & { temporary: string | null } {
  const kept = values.libraries === undefined ? null : path.join(values.libraries, `lib-${size}`);
  const record = kept === null ? null : path.join(kept, 'build.json');
  if (record !== null && fs.existsSync(record)) {
    const { seconds, bytes } = JSON.parse(fs.readFileSync(record, 'utf8')) as { seconds: number; bytes: number };
    const opened = openLibraryDatabase(kept!);
    console.log(`${size.toLocaleString('en')} passages: reusing ${kept!} (built in ${seconds.toFixed(0)} s)`);
    return {
      library: opened,
      vectors: findVectorTable(opened.db, modelId, passages[0]!.vector.length)!,
      seconds,
      bytes,
      temporary: null,
    };
  }
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-retrieval-bench-'));
  console.log(`${size.toLocaleString('en')} passages: building…`);
  const built = buildLibrary(dir, size, modelId, passages);
  console.log(`  built in ${built.seconds.toFixed(0)} s, ${(built.bytes / 2 ** 20).toFixed(0)} MiB`);
  if (record !== null) fs.writeFileSync(record, JSON.stringify({ seconds: built.seconds, bytes: built.bytes }));
  return { ...built, temporary: kept === null ? dir : null };
}

async function measureSize(
  size: number,
  modelId: string,
  passages: readonly SourcePassage[],
  queries: Query[],
): Promise<Built> {
  const built = library(size, modelId, passages);
  try {
    const db = built.library.db;
    const vectorOf = new Map(queries.map((q) => [q.text, q.vector]));
    const embedder: Embedder = {
      modelId,
      dimension: built.vectors.dimension,
      embed: (texts) => Promise.resolve(texts.map((t) => vectorOf.get(t)!)),
    };
    const search = new PassageSearch(db);
    const exact = new PassageSearch(db, {
      exactScanUpTo: Number.POSITIVE_INFINITY,
      boundFullTextFrom: Number.POSITIVE_INFINITY,
    });
    const retriever = new Retriever(search, { embedder: () => embedder, reranker: () => null });
    const exactRetriever = new Retriever(exact, { embedder: () => embedder, reranker: () => null });
    const scope = resolveScope(db, {});
    const load: Times = { wall: [], cpu: [] };
    const index = await timed(load, () => codeIndexOf(db, built.vectors));
    const codesBytes = index.count * (built.vectors.dimension / 8 + 8 + 4 + 1 + 2);
    console.log(`  codes loaded in ${load.cpu[0]!.toFixed(0)} ms CPU, ${(codesBytes / 2 ** 20).toFixed(1)} MiB`);
    const rows: Row[] = [];
    const references = size >= 1_000_000 ? Math.min(queries.length, REFERENCE_QUERIES_AT_1M) : queries.length;
    const row = (mode: string, times: Times, recalls: number[] | null): void => {
      const r: Row = {
        passages: size,
        mode,
        queries: times.cpu.length,
        p50: percentile(times.cpu, 50),
        p95: percentile(times.cpu, 95),
        wallP50: percentile(times.wall, 50),
        wallP95: percentile(times.wall, 95),
        recall10: mean(recalls),
        recallOdd: mean(recalls?.filter((_, i) => Number(queries[i]!.id) % 2 === 1) ?? null),
        recallEven: mean(recalls?.filter((_, i) => Number(queries[i]!.id) % 2 === 0) ?? null),
      };
      rows.push(r);
      console.log(
        `  ${mode.padEnd(28)} CPU p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  (wall p50 ${r.wallP50.toFixed(1)})${r.recall10 === null ? '' : `  recall@10 ${r.recall10.toFixed(3)} (odd ${r.recallOdd?.toFixed(3)}, even ${r.recallEven?.toFixed(3)})`}  (${r.queries} queries)`,
      );
    };
    // The exact searches first, as they were before the codes and the bound: every vector and every match scored,
    // timed through the retriever as the searches below are; their lists are read apart for the recall.
    const exactVectors: number[][] = [];
    const exactText: number[][] = [];
    const times = { vector: { wall: [], cpu: [] }, fts: { wall: [], cpu: [] }, hybrid: { wall: [], cpu: [] } };
    for (const q of queries.slice(0, references)) {
      for (const mode of ['vector', 'fts', 'hybrid'] as const)
        await timed(times[mode], () => exactRetriever.search(q.text, { k: K, scope, mode }));
      exactVectors.push(exact.nearest(built.vectors, q.vector, scope, CANDIDATES).map((h) => h.id));
      exactText.push(exactRetriever.fullText(q.text, scope, CANDIDATES));
    }
    row('vector, exact scan', times.vector, null);
    row('fts, every match scored', times.fts, null);
    row('hybrid, exact', times.hybrid, null);
    const recalls: Record<RetrievalMode, number[]> = { vector: [], fts: [], hybrid: [] };
    db.exec('CREATE TEMP TABLE bench_round (mode TEXT)');
    for (const mode of ['vector', 'fts', 'hybrid'] as const) {
      // A write, so each mode starts without the word counts the one before kept (boundedFullText.ts): otherwise
      // hybrid would find every word of its questions counted.
      db.prepare('INSERT INTO bench_round (mode) VALUES (?)').run(mode);
      const modeTimes: Times = { wall: [], cpu: [] };
      for (const [i, q] of queries.entries()) {
        await timed(modeTimes, () => retriever.search(q.text, { k: K, scope, mode }));
        if (i >= references) continue;
        const vector = search.nearest(built.vectors, q.vector, scope, CANDIDATES).map((h) => h.id);
        const text = retriever.fullText(q.text, scope, CANDIDATES);
        if (mode === 'vector') recalls.vector.push(overlap(vector, exactVectors[i]!));
        if (mode === 'fts') recalls.fts.push(overlap(text, exactText[i]!));
        // The fused lists, before the per-paper cap: what the two together keep of the exact searches' first 10.
        if (mode === 'hybrid')
          recalls.hybrid.push(overlap(fusedTop([text, vector]), fusedTop([exactText[i]!, exactVectors[i]!])));
      }
      row(
        mode === 'vector' ? 'vector, codes + floats' : mode === 'fts' ? 'fts, bounded' : 'hybrid',
        modeTimes,
        recalls[mode],
      );
    }
    return { rows, seconds: built.seconds, bytes: built.bytes, codesLoadMs: load.cpu[0]!, codesBytes };
  } finally {
    built.library.close();
    if (built.temporary !== null) fs.rmSync(built.temporary, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const source = await sources();
  const { modelId, passages } = readSourcePassages(source.file);
  console.log(`${passages.length} real passages with vectors; ${source.queries.length} queries.`);
  const rows: Row[] = [];
  const builds: Array<{ passages: number; seconds: number; bytes: number; codesLoadMs: number; codesBytes: number }> =
    [];
  for (const size of sizes) {
    const measured = await measureSize(size, modelId, passages, source.queries);
    rows.push(...measured.rows);
    const { seconds, bytes, codesLoadMs, codesBytes } = measured;
    builds.push({ passages: size, seconds, bytes, codesLoadMs, codesBytes });
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}`;
  const report = {
    date: new Date().toISOString(),
    machine,
    source: { passages: passages.length, model: path.basename(source.embedding), queries: source.queries.length },
    queryEmbeddingMs: { p50: percentile(source.embedMs, 50), p95: percentile(source.embedMs, 95) },
    builds,
    rows,
  };
  const f = (n: number): string => n.toFixed(1);
  const md = [
    '# Retrieval latency at scale (real text, scaled)',
    '',
    `${report.date} · ${machine} · k = ${K} · ${passages.length.toLocaleString('en')} SciFact passages with their ${report.source.model} vectors, mixed pairwise to each size (bench/realisticLibrary.ts) · ${source.queries.length} SciFact test claims as queries (${REFERENCE_QUERIES_AT_1M} for the exact references at 1M) · hybrid = both + RRF; its recall@10 compares the fused lists (before the per-paper cap) with the fusion of the two exact searches. Below 20,000 passages both vector rows are sqlite-vec's exact scan and both full-text rows score every match. Times are the search's CPU time in this process (synchronous SQLite work: what a quiet machine's wall clock shows), the wall clock beside it. Embedding a query takes ${f(report.queryEmbeddingMs.p50)} ms p50 (${f(report.queryEmbeddingMs.p95)} p95), not counted below.`,
    '',
    '| passages | search | queries | p50 ms (CPU) | p95 ms (CPU) | p50 / p95 ms (wall) | recall@10 of the exact (odd / even claims) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.passages.toLocaleString('en')} | ${r.mode} | ${r.queries} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.wallP50)} / ${f(r.wallP95)} | ${r.recall10 === null ? '' : `${r.recall10.toFixed(3)} (${r.recallOdd?.toFixed(3) ?? '–'} / ${r.recallEven?.toFixed(3) ?? '–'})`} |`,
    ),
    '',
    '| passages | build s | library size | per million passages | codes in memory | codes loaded, CPU ms |',
    '|---|---|---|---|---|---|',
    ...builds.map(
      (b) =>
        `| ${b.passages.toLocaleString('en')} | ${b.seconds.toFixed(0)} | ${(b.bytes / 2 ** 20).toFixed(0)} MiB | ${((b.seconds * 1e6) / b.passages).toFixed(0)} s, ${((b.bytes * 1e6) / b.passages / 2 ** 30).toFixed(2)} GiB | ${(b.codesBytes / 2 ** 20).toFixed(1)} MiB | ${b.codesLoadMs.toFixed(0)} |`,
    ),
    '',
  ].join('\n');
  const results = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'retrieval.md'), md);
  fs.writeFileSync(path.join(results, 'retrieval.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(md);
}

await main();
