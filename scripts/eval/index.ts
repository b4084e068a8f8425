/**
 * npm run eval: retrieval quality on questions with known answers, through the
 * retriever `ask` uses.
 *  - SciFact (BEIR, 300 test claims over 5,183 abstracts): nDCG@10 and recall@10
 *    for full-text alone, vectors alone, hybrid, and hybrid + rerank when a
 *    reranker is given.
 *  - Papers: questions written over ../shared/corpus with the page that answers
 *    them: is the gold page among the top 5 passages?
 * Writes bench/results/eval.md and eval.json.
 *
 *   npm run eval -- [--embedding <gguf>] [--reranker <gguf>] [--limit <n>] [--library <dir>]
 *
 * The default embedder is the cached all-MiniLM-L6-v2 (npm run models:fetch).
 * Libraries are kept in a cache folder so a second run skips import and embedding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cachedModel } from '../../tests/fixtures/gguf/modelCache.js';
import { evaluatePapers, type PapersScore } from './papers.js';
import { evalCacheRoot, withLibrary } from './library.js';
import { importScifact, scifactTestQueries, scoreScifact, type ModeScore } from './scifact.js';

const root = path.resolve(import.meta.dirname, '../..');
const results = path.join(root, 'bench', 'results');

const { values } = parseArgs({
  options: {
    embedding: { type: 'string' },
    reranker: { type: 'string' },
    limit: { type: 'string' },
    library: { type: 'string' },
  },
});

function fmt(n: number): string {
  return n.toFixed(3);
}

async function main(): Promise<void> {
  const embedding = values.embedding ?? cachedModel('embedding').file;
  const reranker = values.reranker ?? null;
  if (embedding === null)
    console.warn(`No embedding model: ${cachedModel('embedding').reason} Scoring full-text search only.`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);

  const queries = scifactTestQueries().slice(0, limit);
  console.log(
    `SciFact: ${queries.length} test queries; importing the corpus${embedding === null ? '' : ` and embedding it with ${path.basename(embedding)}`} (cached after the first run)…`,
  );
  const scifact = await withLibrary(evalCacheRoot(values.library), 'scifact', embedding, reranker, async (core) => {
    const t0 = performance.now();
    await importScifact(core);
    console.log(`  library ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const modes: ModeScore[] = [await scoreScifact(core, queries, 'fts', false)];
    if (embedding !== null)
      modes.push(
        await scoreScifact(core, queries, 'vector', false),
        await scoreScifact(core, queries, 'hybrid', false),
      );
    if (reranker !== null) modes.push(await scoreScifact(core, queries, 'hybrid', true));
    for (const m of modes)
      console.log(
        `  ${m.mode.padEnd(16)} nDCG@10 ${fmt(m.ndcg10)}  recall@10 ${fmt(m.recall10)}  ${m.msPerQuery.toFixed(1)} ms/query`,
      );
    return modes;
  });

  console.log('Papers: questions over ../shared/corpus…');
  const papers: PapersScore[] | string = await withLibrary(
    evalCacheRoot(values.library),
    'papers',
    embedding,
    reranker,
    (core) => evaluatePapers(core, embedding !== null, reranker !== null),
  );
  if (typeof papers === 'string') console.log(`  skipped: ${papers}`);
  else
    for (const p of papers)
      console.log(`  ${p.mode.padEnd(16)} gold page in top 5: ${p.hits}/${p.questions} (${fmt(p.hits / p.questions)})`);

  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    embedding: embedding === null ? null : path.basename(embedding),
    reranker: reranker === null ? null : path.basename(reranker),
    scifact,
    papers,
  };
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'eval.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    '# Retrieval evaluation',
    '',
    `${report.date} · ${report.machine} · embedder: ${report.embedding ?? 'none'} · reranker: ${report.reranker ?? 'none'}`,
    '',
    `## SciFact (${queries.length} test queries, 5,183 abstracts)`,
    '',
    '| Retrieval | nDCG@10 | recall@10 | ms/query |',
    '|---|---|---|---|',
    ...scifact.map((m) => `| ${m.mode} | ${fmt(m.ndcg10)} | ${fmt(m.recall10)} | ${m.msPerQuery.toFixed(1)} |`),
    '',
    '## Papers (questions over ../shared/corpus with the page that answers them)',
    '',
    ...(typeof papers === 'string'
      ? [`Skipped: ${papers}`]
      : [
          '| Retrieval | gold page in top 5 |',
          '|---|---|',
          ...papers.map((p) => `| ${p.mode} | ${p.hits}/${p.questions} (${fmt(p.hits / p.questions)}) |`),
        ]),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, 'eval.md'), md);
  console.log(`Report: ${path.relative(root, path.join(results, 'eval.md'))}`);
}

await main();
