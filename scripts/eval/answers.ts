/**
 * npm run eval:answers: how grounded the answers are. Asks the questions of ../shared/datasets/corpus-qa (80
 * answerable, 40 unanswerable) through `ask.ask`, as the UI and CLI do, in a library of the 33 corpus papers with the
 * embedder, once per configuration: no chat model (extractive answers) and each chat model given. Reports the share of
 * answer sentences that cite a passage, citations by status, the gold page cited, declines, loops and the times the
 * client sees. Writes bench/results/answers.md and answers.json (or --out NAME.md / .json).
 *
 *   npm run eval:answers -- [--models none,chat] [--model FILE.gguf]… [--ids all|odd|even] [--every N] [--offset I]
 *                           [--limit N] [--grammar cite|quote|lead|none] [--evidence N|whole] [--evidence-total N]
 *                           [--order passage|score] [--anti-repeat on|off] [--best-first on|off] [--min-sentences N]
 *                           [--library DIR]
 *                           [--embedding FILE.gguf] [--out NAME]
 *
 * `chat` is the cached SmolLM2-135M-Instruct (npm run models:fetch); --model adds any other GGUF. --every N asks
 * every Nth question only (a quicker sample of both kinds), from the Ith (0 first: with N = 4, offset 0 asks odd ids,
 * offset 1 even ones); --grammar, --evidence (sentences a passage), --evidence-total (sentences in all), --order,
 * --anti-repeat, --best-first and
 * --min-sentences change the answer design from the default, to compare designs. --embedding: another embedder than the
 * cached all-MiniLM-L6-v2 Q8_0 (each embedder has its own library under the --library folder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { unwrap } from '../../electron/cli/output.js';
import type { Answer } from '../../electron/contract/ops/ask.js';
import type { Core } from '../../electron/core/index.js';
import { DEFAULT_DESIGN, type AnswerDesign } from '../../electron/core/ask/answer/answerDesign.js';
import type { EvidenceOrder } from '../../electron/core/ask/answer/evidence.js';
import type { GrammarStyle } from '../../electron/core/ask/answer/groundedGrammar.js';
import { cachedModel } from '../../tests/fixtures/gguf/modelCache.js';
import { addAnswer, emptyScore, scoreTable, type AnswerScore, type ClientTimes } from './answerScore.js';
import { corpusQuestions, halfOf, importCorpus, paperIds, type CorpusQuestion } from './corpusQa.js';
import { evalCacheRoot, withLibrary } from './library.js';

const root = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'none,chat' },
    model: { type: 'string', multiple: true, default: [] },
    ids: { type: 'string', default: 'all' },
    every: { type: 'string', default: '1' },
    offset: { type: 'string', default: '0' },
    grammar: { type: 'string' },
    evidence: { type: 'string' },
    'evidence-total': { type: 'string' },
    order: { type: 'string' },
    'anti-repeat': { type: 'string' },
    'best-first': { type: 'string' },
    'min-sentences': { type: 'string' },
    limit: { type: 'string' },
    library: { type: 'string' },
    embedding: { type: 'string' },
    out: { type: 'string', default: 'answers' },
  },
});

/** One question asked as a client would, timing what it sees. */
async function ask(
  core: Core,
  q: CorpusQuestion,
  modelId: string | null,
): Promise<{ answer: Answer; times: ClientTimes }> {
  const t0 = performance.now();
  tokens = null;
  let firstEvidenceMs: number | null = null;
  let firstTokenMs: number | null = null;
  const answer = unwrap(
    await core.invoke(
      'ask.ask',
      { requestId: `eval-${q.id}`, question: q.question, modelId },
      {
        emit: (e) => {
          if (e.channel !== 'generation') return;
          if (e.type === 'evidence' || e.type === 'citation') firstEvidenceMs ??= performance.now() - t0;
          if (e.type === 'token') firstTokenMs ??= performance.now() - t0;
        },
      },
    ),
  );
  const totalMs = performance.now() - t0;
  // The eval's questions are not the user's conversations.
  unwrap(await core.invoke('conversations.delete', { conversationId: answer.conversationId }));
  // Without an evidence event the passages reach the client with the finished answer.
  return { answer, times: { firstEvidenceMs: firstEvidenceMs ?? totalMs, firstTokenMs, totalMs, tokens } };
}

/** The prompt and answer tokens of the model's last answer (null when no model wrote it). */
let tokens: ClientTimes['tokens'] = null;

/** Counts each answer's tokens as the model reports them: the prompt's size is most of the first token's wait. */
function countTokens(core: Core): void {
  const generate = core.models.generate.bind(core.models);
  core.models.generate = async (options) => {
    const result = await generate(options);
    tokens = result.tokens;
    return result;
  };
}

/** The answer design under test: the default, with what the options change. */
function design(): AnswerDesign {
  const d = { ...DEFAULT_DESIGN };
  if (values.grammar !== undefined) d.grammar = values.grammar === 'none' ? null : (values.grammar as GrammarStyle);
  const evidence = { ...DEFAULT_DESIGN.evidence! };
  if (values.evidence !== undefined && values.evidence !== 'whole') evidence.perPassage = Number(values.evidence);
  if (values['evidence-total'] !== undefined) evidence.total = Number(values['evidence-total']);
  if (values.order !== undefined) evidence.order = values.order as EvidenceOrder;
  d.evidence = values.evidence === 'whole' ? null : evidence;
  if (values['anti-repeat'] !== undefined) d.antiRepeat = values['anti-repeat'] === 'on';
  if (values['best-first'] !== undefined) d.bestFirst = values['best-first'] === 'on';
  if (values['min-sentences'] !== undefined) d.minSentences = Number(values['min-sentences']);
  return d;
}

async function main(): Promise<void> {
  const embedding =
    values.embedding === undefined ? cachedModel('embedding') : { file: path.resolve(values.embedding), reason: '' };
  if (embedding.file === null) throw new Error(embedding.reason);
  const embedder = path.basename(embedding.file, '.gguf');
  const configs: Array<{ label: string; file: string | null }> = [];
  for (const name of values.models.split(',').filter(Boolean)) {
    if (name === 'none') configs.push({ label: 'no model (extractive)', file: null });
    else if (name === 'chat') {
      const chat = cachedModel('chat');
      if (chat.file === null) throw new Error(chat.reason);
      configs.push({ label: path.basename(chat.file, '.gguf'), file: chat.file });
    } else throw new Error(`--models takes none and chat, not "${name}"`);
  }
  for (const file of values.model) configs.push({ label: path.basename(file, '.gguf'), file: path.resolve(file) });
  const questions = corpusQuestions()
    .filter((q) => values.ids === 'all' || halfOf(q.id) === values.ids)
    .filter((_, i) => i % Number(values.every) === Number(values.offset) % Number(values.every))
    .slice(0, values.limit === undefined ? undefined : Number(values.limit));

  await withLibrary(evalCacheRoot(values.library), 'corpus', embedding.file, null, async (core) => {
    core.ask.design = design();
    countTokens(core);
    const failed = await importCorpus(core);
    if (failed !== null) throw new Error(failed);
    const gold = paperIds(core);
    const out: AnswerScore[] = [];
    for (const config of configs) {
      const modelId =
        config.file === null
          ? null
          : (core.models.registry.listModels().find((m) => m.file === config.file)?.id ??
            unwrap(await core.invoke('models.add', { path: config.file })).modelId);
      // Load once, so the times are of answering, not of loading the model.
      if (modelId !== null) await core.models.countTokens(['warm up'], modelId);
      const score = emptyScore(config.label);
      for (const q of questions) {
        const { answer, times } = await ask(core, q, modelId);
        addAnswer(score, q, answer, q.paper === null ? undefined : gold.get(q.paper), times);
        console.log(
          `  ${config.label.slice(0, 20)} ${q.id} ${answer.mode} ${answer.stopReason} ${(times.totalMs / 1000).toFixed(1)} s: ${answer.answer.replace(/\s+/g, ' ').slice(0, 100)}`,
        );
      }
      out.push(score);
      // Written after each configuration, so a long run that is stopped still reports what it finished.
      report(out, questions.length, embedder);
    }
  });
}

function report(scores: readonly AnswerScore[], questions: number, embedder: string): void {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]!.toFixed(1)}`;
  const date = new Date().toISOString();
  const results = path.join(root, 'bench', 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(
    path.join(results, `${values.out}.json`),
    `${JSON.stringify({ date, machine, design: design(), questions, ids: values.ids, every: Number(values.every), offset: Number(values.offset), scores }, null, 2)}\n`,
  );
  const md = [
    '# Grounded answers (corpus-qa)',
    '',
    `${date} · ${machine} · design ${JSON.stringify(design())} · ${questions} questions (${values.ids} ids${values.every === '1' ? '' : `, every ${values.every}th from the ${Number(values.offset) + 1}${['st', 'nd', 'rd'][Number(values.offset)] ?? 'th'}`}) of ../shared/datasets/corpus-qa over the 33 corpus papers · ${embedder} · k = 6 · tallies: all (odd ids; even ids)`,
    '',
    ...scoreTable(scores),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, `${values.out}.md`), md);
  console.log(md);
}

await main();
