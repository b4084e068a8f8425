/**
 * Retrieval latency at scale: p50/p95 of full-text, vector and hybrid search
 * through the retriever `ask` uses, on libraries of 10k, 100k and 1M passages.
 * The passages are SYNTHETIC: text drawn from a Zipf-distributed vocabulary of
 * 20,000 made-up words (60 words each, 100 passages per paper) and random
 * unit vectors of 384 dimensions (all-MiniLM-L6-v2's size); queries are 5
 * words taken from a random passage, and their vectors random too. This
 * measures the cost of the index structures, not retrieval quality
 * (npm run eval measures that).
 * Writes bench/results/retrieval.md and retrieval.json.
 *
 *   npx tsx bench/retrieval.bench.ts [--sizes 10000,100000,1000000] [--queries 100]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Retriever, type RetrievalMode } from '../electron/core/ask/retrieval/retriever.js';
import { PassageSearch } from '../electron/core/library/search/passageSearch.js';
import { resolveScope } from '../electron/core/library/search/scope.js';
import { percentile } from '../electron/core/evaluation/metrics.js';
import { ensureVectorTable } from '../electron/core/library/store/vectors.js';
import type { Embedder } from '../electron/core/models/embedder.js';
import { openLibraryDatabase } from '../electron/core/db/database.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,100000,1000000' }, queries: { type: 'string', default: '100' } },
});
const sizes = values.sizes.split(',').map(Number);
const queryCount = Number(values.queries);
const DIM = 384;
const WORDS_PER_PASSAGE = 60;
const PASSAGES_PER_PAPER = 100;

/** Deterministic PRNG (mulberry32), so every run builds the same library. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36).slice(-2)}`);
// Zipf(1): cumulative weights 1/rank, sampled by binary search.
const cumulative = (() => {
  const c = new Float64Array(vocabulary.length);
  let sum = 0;
  for (let i = 0; i < c.length; i += 1) c[i] = sum += 1 / (i + 1);
  return c.map((v) => v / sum);
})();
function word(): string {
  const r = random();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return vocabulary[lo]!;
}
function unitVector(): Float32Array {
  const v = new Float32Array(DIM);
  let norm = 0;
  for (let i = 0; i < DIM; i += 1) norm += (v[i] = random() - 0.5) ** 2;
  norm = Math.sqrt(norm);
  for (let i = 0; i < DIM; i += 1) v[i]! /= norm;
  return v;
}

const syntheticEmbedder: Embedder = {
  modelId: 'synthetic-384',
  dimension: DIM,
  embed: (texts) => Promise.resolve(texts.map(() => unitVector())),
};

function build(
  dir: string,
  size: number,
): { db: ReturnType<typeof openLibraryDatabase>; seconds: number; bytes: number } {
  const started = performance.now();
  const library = openLibraryDatabase(dir);
  const db = library.db;
  const vectors = ensureVectorTable(db, syntheticEmbedder.modelId, DIM);
  const now = new Date().toISOString();
  const paper = db.prepare(
    `INSERT INTO papers (id, title, title_key, format, page_count, added_at, updated_at) VALUES (?, ?, ?, 'text', 0, ?, ?)`,
  );
  const passage = db.prepare(
    `INSERT INTO passages (id, paper_id, ordinal, section, kind, text, page, embedded) VALUES (?, ?, ?, 'Body', 'body', ?, 1, 1)`,
  );
  const vector = db.prepare(`INSERT INTO ${vectors.table} (passage_id, embedding, paper_id, refs) VALUES (?, ?, ?, 0)`);
  const BATCH = 10_000;
  for (let start = 0; start < size; start += BATCH) {
    db.transaction(() => {
      for (let id = start + 1; id <= Math.min(size, start + BATCH); id += 1) {
        const paperId = `p${Math.ceil(id / PASSAGES_PER_PAPER)}`;
        if ((id - 1) % PASSAGES_PER_PAPER === 0) {
          const title = Array.from({ length: 6 }, word).join(' ');
          paper.run(paperId, title, title.replace(/\s/g, ''), now, now);
        }
        passage.run(id, paperId, id, Array.from({ length: WORDS_PER_PASSAGE }, word).join(' '));
        vector.run(BigInt(id), unitVector(), paperId);
      }
    })();
    if (start % 100_000 === 0) process.stdout.write(`  ${start.toLocaleString('en')} passages written\r`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  return { db: library, seconds: (performance.now() - started) / 1000, bytes };
}

interface Row {
  passages: number;
  mode: RetrievalMode;
  queries: number;
  p50: number;
  p95: number;
}

async function measure(
  retriever: Retriever,
  db: ReturnType<typeof openLibraryDatabase>['db'],
  size: number,
  mode: RetrievalMode,
): Promise<Row> {
  const scope = resolveScope(db, {});
  // Vector search is a full scan: fewer queries at the largest size keep the run bounded.
  const n = mode === 'fts' || size < 1_000_000 ? queryCount : Math.min(queryCount, 20);
  const times: number[] = [];
  const text = db.prepare('SELECT text FROM passages WHERE id = ?');
  for (let i = 0; i < n; i += 1) {
    const source = (text.get(1 + Math.floor(random() * size)) as { text: string }).text.split(' ');
    const at = Math.floor(random() * (source.length - 5));
    const query = source.slice(at, at + 5).join(' ');
    const t0 = performance.now();
    await retriever.search(query, { k: 10, scope, mode });
    times.push(performance.now() - t0);
  }
  return { passages: size, mode, queries: n, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const builds: Array<{ passages: number; seconds: number; bytes: number }> = [];
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-retrieval-bench-'));
    try {
      console.log(`${size.toLocaleString('en')} passages: building…`);
      const built = build(dir, size);
      builds.push({ passages: size, seconds: built.seconds, bytes: built.bytes });
      const retriever = new Retriever(new PassageSearch(built.db.db), {
        embedder: () => syntheticEmbedder,
        reranker: () => null,
      });
      for (const mode of ['fts', 'vector', 'hybrid'] as const) {
        const row = await measure(retriever, built.db.db, size, mode);
        rows.push(row);
        console.log(
          `  ${mode.padEnd(6)} p50 ${row.p50.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  (${row.queries} queries)`,
        );
      }
      built.db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}`;
  const report = {
    date: new Date().toISOString(),
    machine,
    dimension: DIM,
    wordsPerPassage: WORDS_PER_PASSAGE,
    synthetic: true,
    builds,
    rows,
  };
  const md = [
    '# Retrieval latency at scale (synthetic passages)',
    '',
    `${report.date} · ${machine} · k = 10 · ${DIM}-dimensional random vectors (sqlite-vec brute-force cosine), ${WORDS_PER_PASSAGE}-word Zipf text (FTS5 BM25) · hybrid = both + RRF.`,
    '',
    '| passages | mode | queries | p50 ms | p95 ms |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.passages.toLocaleString('en')} | ${r.mode} | ${r.queries} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`,
    ),
    '',
    '| passages | build s | library size |',
    '|---|---|---|',
    ...builds.map(
      (b) => `| ${b.passages.toLocaleString('en')} | ${b.seconds.toFixed(0)} | ${(b.bytes / 2 ** 20).toFixed(0)} MiB |`,
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
