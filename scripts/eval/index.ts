/**
 * npm run eval: retrieval quality on questions with known answers, through the
 * retriever `ask` uses.
 *  - SciFact (BEIR, 300 test claims over 5,183 abstracts): nDCG@10 and recall@10
 *    for full-text alone, vectors alone, hybrid, and hybrid + rerank when a
 *    reranker is given.
 *  - Papers: questions written over ../shared/corpus with the page that answers
 *    them: is the gold page among the top 5 passages?
 *  - corpus-qa (../shared/datasets/corpus-qa): 80 answerable questions a reader
 *    wrote over the 33-paper corpus, with gold page and quote, and 40 unanswerable
 *    ones: gold page first / in the top 5 / quote inside a top-5 passage per
 *    retrieval mode; extractive answers citing the gold page; unanswerable ones
 *    declined, answerable ones wrongly declined. Odd and even ids reported apart.
 * Writes bench/results/eval.md and eval.json.
 *
 *   npm run eval -- [--embedding <gguf>] [--reranker <gguf>] [--limit <n>] [--library <dir>]
 *                   [--sets scifact,papers,corpus-qa]
 *
 * The default embedder is the cached all-MiniLM-L6-v2 (npm run models:fetch).
 * Libraries are kept in a cache folder so a second run skips import and embedding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cachedModel } from '../../tests/fixtures/gguf/modelCache.js';
import {
  corpusQuestions,
  formatTally,
  importCorpus,
  scoreCorpusAnswers,
  scoreCorpusRetrieval,
  type CorpusAnswerScore,
  type CorpusRetrievalScore,
} from './corpusQa.js';
import { evaluatePapers, type PapersScore } from './papers.js';
import { evalCacheRoot, withLibrary } from './library.js';
import type { RetrievalMode } from '../../electron/core/ask/retrieval/retriever.js';
import { importScifact, scifactTestQueries, scoreScifact, type ModeScore } from './scifact.js';

const root = path.resolve(import.meta.dirname, '../..');
const results = path.join(root, 'bench', 'results');

const { values } = parseArgs({
  options: {
    embedding: { type: 'string' },
    reranker: { type: 'string' },
    limit: { type: 'string' },
    library: { type: 'string' },
    sets: { type: 'string', default: 'scifact,papers,corpus-qa' },
  },
});
const sets = new Set(values.sets.split(','));

function fmt(n: number): string {
  return n.toFixed(3);
}

async function main(): Promise<void> {
  const embedding = values.embedding ?? cachedModel('embedding').file;
  const reranker = values.reranker ?? null;
  if (embedding === null)
    console.warn(`No embedding model: ${cachedModel('embedding').reason} Scoring full-text search only.`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const cache = evalCacheRoot(values.library);

  const queries = scifactTestQueries().slice(0, limit);
  // Sets not run this time keep their last figures (with the date they were measured).
  const previous = fs.existsSync(path.join(results, 'eval.json'))
    ? (JSON.parse(fs.readFileSync(path.join(results, 'eval.json'), 'utf8')) as Record<string, unknown>)
    : {};
  const measured = (previous.measured ?? {}) as Record<string, string>;
  const now = new Date().toISOString();
  const keep = <T>(set: string, key: string, fallback: T): T => {
    if (sets.has(set)) {
      measured[set] = now;
      return fallback;
    }
    measured[set] ??= typeof previous.date === 'string' ? previous.date : 'never';
    return (previous[key] as T | undefined) ?? fallback;
  };
  let scifact: ModeScore[] = keep('scifact', 'scifact', []);
  if (sets.has('scifact')) {
    console.log(
      `SciFact: ${queries.length} test queries; importing the corpus${embedding === null ? '' : ` and embedding it with ${path.basename(embedding)}`} (cached after the first run)…`,
    );
    scifact = await withLibrary(cache, 'scifact', embedding, reranker, async (core) => {
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
  }

  let papers: PapersScore[] | string = keep('papers', 'papers', 'not run (--sets)');
  if (sets.has('papers')) {
    console.log('Papers: questions over ../shared/corpus…');
    papers = await withLibrary(cache, 'papers', embedding, reranker, (core) =>
      evaluatePapers(core, embedding !== null, reranker !== null),
    );
    if (typeof papers === 'string') console.log(`  skipped: ${papers}`);
    else
      for (const p of papers)
        console.log(
          `  ${p.mode.padEnd(16)} gold page in top 5: ${p.hits}/${p.questions} (${fmt(p.hits / p.questions)})`,
        );
  }

  let corpusQa: { retrieval: CorpusRetrievalScore[]; answers: CorpusAnswerScore } | string = keep(
    'corpus-qa',
    'corpusQa',
    'not run (--sets)',
  );
  if (sets.has('corpus-qa')) {
    console.log('corpus-qa: 120 questions over all 33 corpus papers…');
    const questions = corpusQuestions().filter((_, i) => limit === undefined || i < limit);
    corpusQa = await withLibrary(cache, 'corpus', embedding, reranker, async (core) => {
      const failed = await importCorpus(core);
      if (failed !== null) return failed;
      const modes: RetrievalMode[] = embedding === null ? ['fts'] : ['fts', 'vector', 'hybrid'];
      return {
        retrieval: await scoreCorpusRetrieval(core, questions, modes),
        answers: await scoreCorpusAnswers(core, questions),
      };
    });
    if (typeof corpusQa === 'string') console.log(`  skipped: ${corpusQa}`);
    else {
      for (const r of corpusQa.retrieval)
        console.log(
          `  ${r.mode.padEnd(8)} page first ${formatTally(r.pageFirst)}  top 5 ${formatTally(r.pageTop5)}  quote in top 5 ${formatTally(r.quoteTop5)}`,
        );
      const a = corpusQa.answers;
      console.log(`  extractive answers cite the gold page ${formatTally(a.citeGoldPage)}`);
      console.log(
        `  declined: near-topic ${formatTally(a.nearTopicDeclined)}, off-topic ${formatTally(a.offTopicDeclined)}, answerable (wrongly) ${formatTally(a.wronglyDeclined)}`,
      );
      console.log(`  extractive citations: ${JSON.stringify(a.statuses)}`);
    }
  }

  const report = {
    date: now,
    measured,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    embedding: embedding === null ? null : path.basename(embedding),
    reranker: reranker === null ? null : path.basename(reranker),
    scifact,
    papers,
    corpusQa,
  };
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'eval.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    '# Retrieval evaluation',
    '',
    `${report.date} · ${report.machine} · embedder: ${report.embedding ?? 'none'} · reranker: ${report.reranker ?? 'none'}`,
    '',
    `## SciFact (${queries.length} test queries, 5,183 abstracts; measured ${measured.scifact})`,
    '',
    ...(scifact.length === 0
      ? ['Not run (--sets).']
      : [
          '| Retrieval | nDCG@10 | recall@10 | ms/query |',
          '|---|---|---|---|',
          ...scifact.map((m) => `| ${m.mode} | ${fmt(m.ndcg10)} | ${fmt(m.recall10)} | ${m.msPerQuery.toFixed(1)} |`),
        ]),
    '',
    `## Papers (questions over ../shared/corpus with the page that answers them; measured ${measured.papers})`,
    '',
    ...(typeof papers === 'string'
      ? [`Skipped: ${papers}`]
      : [
          '| Retrieval | gold page in top 5 |',
          '|---|---|',
          ...papers.map((p) => `| ${p.mode} | ${p.hits}/${p.questions} (${fmt(p.hits / p.questions)}) |`),
        ]),
    '',
    `## corpus-qa (../shared/datasets/corpus-qa: 80 answerable, 30 near-topic and 10 off-topic unanswerable questions over the 33 corpus papers; measured ${measured['corpus-qa']})`,
    '',
    ...corpusQaMarkdown(corpusQa),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, 'eval.md'), md);
  console.log(`Report: ${path.relative(root, path.join(results, 'eval.md'))}`);
}

function corpusQaMarkdown(
  corpusQa: { retrieval: CorpusRetrievalScore[]; answers: CorpusAnswerScore } | string,
): string[] {
  if (typeof corpusQa === 'string') return [`Skipped: ${corpusQa}`];
  const a = corpusQa.answers;
  return [
    'Search as `scholium search -k 5` shows it (the page a hit names); each cell: all (odd ids; even ids).',
    '',
    '| Retrieval | gold page first | gold page in top 5 | quote inside a top-5 passage | gold paper first |',
    '|---|---|---|---|---|',
    ...corpusQa.retrieval.map(
      (r) =>
        `| ${r.mode} | ${formatTally(r.pageFirst)} | ${formatTally(r.pageTop5)} | ${formatTally(r.quoteTop5)} | ${formatTally(r.paperFirst)} |`,
    ),
    '',
    'Extractive answers (`scholium ask --no-llm`, k = 6, hybrid):',
    '',
    '| | |',
    '|---|---|',
    `| cite the gold page | ${formatTally(a.citeGoldPage)} |`,
    `| near-topic unanswerable declined | ${formatTally(a.nearTopicDeclined)} |`,
    `| off-topic unanswerable declined | ${formatTally(a.offTopicDeclined)} |`,
    `| answerable wrongly declined | ${formatTally(a.wronglyDeclined)} |`,
    `| extractive citations by status | ${Object.entries(a.statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
    `| answers noting what no passage mentions | answerable ${a.notedMissing.answerable}, unanswerable ${a.notedMissing.unanswerable} |`,
  ];
}

await main();
