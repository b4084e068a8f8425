/**
 * npm run eval:abstention: how well Ask's relevance gate (electron/core/ask/retrieval/relevance.ts)
 * tells questions the library answers from ones it does not.
 *  - Answerable: the 30 corpus questions (scripts/eval/papers.questions.json) over
 *    the papers library, and the SciFact test claims over the SciFact library.
 *  - Unanswerable: scripts/eval/unanswerable.questions.json over the papers
 *    library: off-topic questions and near-topic traps that share its words.
 * Each question is retrieved as Ask does (k = 6) with full text alone and
 * hybrid; each gate rule then judges the same passages. Items are split by
 * position into a tuning half and a held-out half, so a rule chosen on one
 * half is reported on the other. Writes bench/results/abstention.md and .json.
 *
 *   npm run eval:abstention -- [--embedding <gguf>] [--library <dir>]
 *
 * Uses the cached libraries of npm run eval (built on first use).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RetrievalMode } from '../../electron/core/ask/retrieval/retriever.js';
import { MAX_UNKNOWN_SHARE, unknownShare } from '../../electron/core/ask/retrieval/relevance.js';
import { resolveScope } from '../../electron/core/library/search/scope.js';
import type { Core } from '../../electron/core/index.js';
import { cachedModel } from '../../tests/fixtures/gguf/modelCache.js';
import { gateRules, type GateInput } from './abstentionRules.js';
import { evalCacheRoot, withLibrary } from './library.js';
import { importPapers, paperQuestions } from './papers.js';
import { importScifact, scifactTestQueries } from './scifact.js';

const root = path.resolve(import.meta.dirname, '../..');
const results = path.join(root, 'bench', 'results');
/** Ask's default number of passages. */
const K = 6;
const MODES: RetrievalMode[] = ['fts', 'hybrid'];

const { values } = parseArgs({ options: { embedding: { type: 'string' }, library: { type: 'string' } } });

type Split = 'tune' | 'test';
interface Item {
  question: string;
  set: 'papers' | 'scifact' | 'unanswerable';
  answerable: boolean;
  /** For unanswerable questions: unrelated to the library, or a trap sharing its vocabulary. */
  kind?: 'off-topic' | 'near-topic';
  split: Split;
}

/** Alternates in pairs (0, 3 tune; 1, 2 test) so a list that alternates two kinds puts both kinds in each half. */
function splitOf(i: number): Split {
  return i % 4 === 0 || i % 4 === 3 ? 'tune' : 'test';
}

/** Each rule's verdict (relevant or not) on each item, per retrieval mode, judged while the library is open. */
type Verdicts = Map<RetrievalMode, Map<string, boolean[]>>;

async function judge(core: Core, items: readonly Item[], withVectors: boolean): Promise<Verdicts> {
  const scope = resolveScope(core.database, {});
  const count = core.database.prepare('SELECT count(*) AS n FROM passages_fts WHERE passages_fts MATCH ?');
  const memo = new Map<string, number>();
  const frequency = (word: string): number => {
    if (!memo.has(word)) memo.set(word, (count.get(`"${word.replaceAll('"', '""')}"`) as { n: number }).n);
    return memo.get(word)!;
  };
  const out: Verdicts = new Map();
  for (const mode of MODES.filter((m) => withVectors || m === 'fts')) {
    const inputs: GateInput[] = [];
    for (const item of items) {
      const found = await core.ask.retriever.search(item.question, { k: K, scope, mode });
      inputs.push({
        question: item.question,
        passages: found.map((p) => ({ title: p.title, text: p.text, similarity: p.similarity })),
        vocabulary: core.ask.retriever.vocabulary,
        frequency,
      });
    }
    out.set(mode, new Map(gateRules.map((rule) => [rule.name, inputs.map((input) => rule.relevant(input))])));
  }
  return out;
}

/**
 * Answerable corpus questions with too many words unknown to a smaller library: their paper plus n − 1 others drawn at
 * random.
 */
interface SmallLibrary {
  papers: number;
  meanPassages: number;
  flagged: number;
  questions: number;
}

function smallLibraries(core: Core, sizes: readonly number[], draws = 5): SmallLibrary[] {
  const paperOf = new Map(
    (core.database.prepare('SELECT path, paper_id AS id FROM files').all() as { path: string; id: string }[]).map(
      (r) => [path.basename(r.path), r.id],
    ),
  );
  const all = [...new Set(paperOf.values())];
  const has = core.database.prepare(
    'SELECT 1 FROM passages_fts f JOIN passages ps ON ps.id = f.rowid WHERE passages_fts MATCH ? AND ps.paper_id IN (SELECT value FROM json_each(?)) LIMIT 1',
  );
  const count = core.database.prepare(
    'SELECT count(*) AS n FROM passages WHERE paper_id IN (SELECT value FROM json_each(?))',
  );
  let seed = 1;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return sizes.map((papers) => {
    const out: SmallLibrary = { papers, meanPassages: 0, flagged: 0, questions: 0 };
    for (let draw = 0; draw < draws; draw += 1) {
      for (const q of paperQuestions()) {
        const gold = paperOf.get(q.file)!;
        const others = all
          .filter((p) => p !== gold)
          .map((p) => [random(), p] as const)
          .sort((a, b) => a[0] - b[0])
          .slice(0, papers - 1)
          .map(([, p]) => p);
        const library = JSON.stringify([gold, ...others]);
        out.meanPassages += (count.get(library) as { n: number }).n;
        out.questions += 1;
        if (
          unknownShare(q.question, (w) => has.get(`"${w.replaceAll('"', '""')}"`, library) !== undefined) >=
          MAX_UNKNOWN_SHARE
        )
          out.flagged += 1;
      }
    }
    out.meanPassages = Math.round(out.meanPassages / out.questions);
    return out;
  });
}

interface Score {
  rule: string;
  mode: string;
  split: Split | 'all';
  /** Unanswerable questions the gate rejected / all unanswerable. */
  rejected: [number, number];
  rejectedByKind: { offTopic: [number, number]; nearTopic: [number, number] };
  /** Answerable questions the gate rejected, per set. */
  falselyRejected: { papers: [number, number]; scifact: [number, number] };
}

function pct([a, b]: [number, number]): string {
  return `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(0)}%)`;
}

async function main(): Promise<void> {
  const embedding = values.embedding ?? cachedModel('embedding').file;
  if (embedding === null)
    console.warn(`No embedding model: ${cachedModel('embedding').reason} Scoring full-text search only.`);
  const cache = evalCacheRoot(values.library);
  const papersItems: Item[] = [
    ...paperQuestions().map((q, i): Item => ({
      question: q.question,
      set: 'papers',
      answerable: true,
      split: splitOf(i),
    })),
    ...(
      JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'unanswerable.questions.json'), 'utf8')) as Pick<
        Item,
        'question' | 'kind'
      >[]
    ).map((q, i): Item => ({
      question: q.question,
      kind: q.kind,
      set: 'unanswerable',
      answerable: false,
      split: splitOf(i),
    })),
  ];
  const scifactItems = scifactTestQueries().map((q, i): Item => ({
    question: q.text,
    set: 'scifact',
    answerable: true,
    split: splitOf(i),
  }));

  console.log('Papers library: corpus questions and unanswerable questions…');
  const { verdicts: papersRuns, small } = await withLibrary(cache, 'papers', embedding, null, async (core) => {
    const failed = await importPapers(core);
    if (failed !== null) throw new Error(failed);
    return {
      verdicts: await judge(core, papersItems, embedding !== null),
      small: smallLibraries(core, [1, 2, 5, 8, 12, 20, 30]),
    };
  });
  console.log('SciFact library: test claims…');
  const scifactRuns = await withLibrary(cache, 'scifact', embedding, null, async (core) => {
    await importScifact(core);
    return judge(core, scifactItems, embedding !== null);
  });

  const scores: Score[] = [];
  const examples: Record<string, Record<string, string[]>> = {};
  for (const mode of papersRuns.keys()) {
    const items = [...papersItems, ...scifactItems];
    for (const rule of gateRules) {
      const verdicts = [...papersRuns.get(mode)!.get(rule.name)!, ...scifactRuns.get(mode)!.get(rule.name)!];
      for (const split of ['tune', 'test', 'all'] as const) {
        const pick = (f: (item: Item) => boolean): boolean[] =>
          verdicts.filter((_, i) => (split === 'all' || items[i]!.split === split) && f(items[i]!));
        const rejectedOf = (set: Item['set'], kind?: Item['kind']): [number, number] => {
          const v = pick((it) => it.set === set && (kind === undefined || it.kind === kind));
          return [v.filter((r) => !r).length, v.length];
        };
        scores.push({
          rule: rule.name,
          mode,
          split,
          rejected: rejectedOf('unanswerable'),
          rejectedByKind: {
            offTopic: rejectedOf('unanswerable', 'off-topic'),
            nearTopic: rejectedOf('unanswerable', 'near-topic'),
          },
          falselyRejected: { papers: rejectedOf('papers'), scifact: rejectedOf('scifact') },
        });
      }
      examples[`${rule.name} · ${mode}`] = {
        unanswerableLetThrough: papersItems.filter((it, i) => !it.answerable && verdicts[i]).map((it) => it.question),
        papersRejected: papersItems.filter((it, i) => it.answerable && !verdicts[i]).map((it) => it.question),
      };
    }
  }

  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    embedding: embedding === null ? null : path.basename(embedding),
    k: K,
    scores,
    examples,
    smallLibraries: small,
  };
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'abstention.json'), `${JSON.stringify(report, null, 2)}\n`);
  const unanswerable = papersItems.filter((it) => !it.answerable).length;
  const md = [
    '# Abstention gate',
    '',
    `${report.date} · ${report.machine} · embedder: ${report.embedding ?? 'none'} · k = ${K} passages as Ask retrieves them`,
    '',
    `Unanswerable: ${unanswerable} questions the papers library does not answer (half off-topic, half near-topic traps). Answerable: ${paperQuestions().length} corpus questions (papers library) and ${scifactItems.length} SciFact test claims (SciFact library). Split by position into a tuning half and a held-out half; the thresholds of the rule Ask runs now were chosen on the tuning half.`,
    '',
    '| Rule | Retrieval | Split | unanswerable rejected | off-topic | near-topic | corpus questions wrongly rejected | SciFact claims wrongly rejected |',
    '|---|---|---|---|---|---|---|---|',
    ...scores.map(
      (s) =>
        `| ${s.rule} | ${s.mode} | ${s.split} | ${pct(s.rejected)} | ${pct(s.rejectedByKind.offTopic)} | ${pct(s.rejectedByKind.nearTopic)} | ${pct(s.falselyRejected.papers)} | ${pct(s.falselyRejected.scifact)} |`,
    ),
    '',
    `## Unknown words in smaller libraries`,
    '',
    `Corpus questions with ≥ ${MAX_UNKNOWN_SHARE * 100} % of their words absent from a library of their paper and others drawn at random (5 draws): why the check waits for a library of ~500 passages.`,
    '',
    '| Papers | Passages (mean) | Questions flagged |',
    '|---|---|---|',
    ...small.map((l) => `| ${l.papers} | ${l.meanPassages} | ${pct([l.flagged, l.questions])} |`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, 'abstention.md'), md);
  for (const s of scores.filter((x) => x.split === 'all'))
    console.log(
      `  ${s.rule.padEnd(34)} ${s.mode.padEnd(7)} rejected ${pct(s.rejected).padEnd(12)} wrongly: papers ${pct(s.falselyRejected.papers).padEnd(10)} scifact ${pct(s.falselyRejected.scifact)}`,
    );
  for (const l of small)
    console.log(
      `  ${l.papers} papers (~${l.meanPassages} passages): questions with many unknown words ${pct([l.flagged, l.questions])}`,
    );
  console.log(`Report: ${path.relative(root, path.join(results, 'abstention.md'))}`);
}

await main();
