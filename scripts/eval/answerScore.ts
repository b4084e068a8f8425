import type { Answer } from '../../electron/contract/ops/ask.js';
import { parseCitations } from '../../electron/core/ask/citations/citationParser.js';
import { splitSentences } from '../../electron/core/ask/citations/sentences.js';
import { percentile } from '../../electron/core/evaluation/metrics.js';
import { count, formatTally, tally, type CorpusQuestion, type Tally } from './corpusQa.js';

/** What one configuration (a chat model, or none) did over the questions. */
export interface AnswerScore {
  label: string;
  /** Sentences of the answers given (declines aside), those carrying a [n] marker, and those attributed after. */
  sentences: number;
  cited: number;
  attributed: number;
  /** Citations by status. */
  statuses: Record<string, number>;
  goldPageCited: Tally;
  wronglyDeclined: Tally;
  nearTopicDeclined: Tally;
  offTopicDeclined: Tally;
  /** Answers that repeat themselves (see `loops`), and answers the runtime stopped for repeating. */
  loops: number;
  loopsStopped: number;
  answers: number;
  firstEvidenceMs: number[];
  firstTokenMs: number[];
  totalMs: number[];
  promptTokens: number[];
  answerTokens: number[];
  perQuestion: Array<{ id: string; mode: string; stopReason: string; answer: string; cited: string[] }>;
}

export function emptyScore(label: string): AnswerScore {
  return {
    label,
    sentences: 0,
    cited: 0,
    attributed: 0,
    statuses: {},
    goldPageCited: tally(),
    wronglyDeclined: tally(),
    nearTopicDeclined: tally(),
    offTopicDeclined: tally(),
    loops: 0,
    loopsStopped: 0,
    answers: 0,
    firstEvidenceMs: [],
    firstTokenMs: [],
    totalMs: [],
    promptTokens: [],
    answerTokens: [],
    perQuestion: [],
  };
}

/**
 * An answer repeats itself when one run of 8 words occurs three times or more: ordinary prose never does, and a
 * model stuck on a sentence does within a few lines. Judged on the text alone, independently of the runtime's own
 * loop stop. Bare numbers are not words: a quoted figure's labels ("1.1 1.1.1 1.1.1.1") repeat digits without the
 * answer repeating itself.
 */
export function loops(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/\[[\d\s,;\-–]+\]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  const seen = new Map<string, number>();
  for (let i = 0; i + 8 <= words.length; i += 1) {
    const key = words.slice(i, i + 8).join(' ');
    const n = (seen.get(key) ?? 0) + 1;
    if (n >= 3) return true;
    seen.set(key, n);
  }
  return false;
}

/** Times seen by the client, from the call: the first evidence shown, the first answer token, the whole answer. */
export interface ClientTimes {
  firstEvidenceMs: number | null;
  firstTokenMs: number | null;
  totalMs: number;
  /** The model's prompt and answer tokens; null for an answer no model wrote. */
  tokens: { prompt: number; completion: number } | null;
}

export function addAnswer(
  s: AnswerScore,
  q: CorpusQuestion,
  answer: Answer,
  goldPaperId: string | undefined,
  times: ClientTimes,
): void {
  const declined = answer.mode === 'abstained';
  s.answers += 1;
  s.firstEvidenceMs.push(times.firstEvidenceMs ?? times.totalMs);
  if (times.firstTokenMs !== null) s.firstTokenMs.push(times.firstTokenMs);
  s.totalMs.push(times.totalMs);
  if (times.tokens !== null) {
    s.promptTokens.push(times.tokens.prompt);
    s.answerTokens.push(times.tokens.completion);
  }
  if (loops(answer.answer)) s.loops += 1;
  if (answer.stopReason === 'loop') s.loopsStopped += 1;
  if (q.paper === null) count(q.kind === 'near-topic' ? s.nearTopicDeclined : s.offTopicDeclined, q.id, declined);
  else count(s.wronglyDeclined, q.id, declined);
  if (!declined) {
    for (const sentence of splitSentences(answer.answer)) {
      s.sentences += 1;
      if (parseCitations(sentence.text).length > 0) s.cited += 1;
      else if (answer.citations.some((c) => c.status === 'attributed' && c.sentenceStart === sentence.start))
        s.attributed += 1;
    }
    for (const c of answer.citations) s.statuses[c.status] = (s.statuses[c.status] ?? 0) + 1;
  }
  if (q.paper !== null)
    count(
      s.goldPageCited,
      q.id,
      answer.citations.some((c) => c.paperId === goldPaperId && c.page === q.page && c.status !== 'invalid'),
    );
  s.perQuestion.push({
    id: q.id,
    mode: answer.mode,
    stopReason: answer.stopReason,
    answer: answer.answer,
    cited: answer.citations.map((c) => `[${c.n}] ${(c.title ?? '?').slice(0, 30)} p.${c.page ?? '-'} ${c.status}`),
  });
}

const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(0)} %`;
const ms = (xs: number[]): string =>
  xs.length === 0 ? '–' : `${(percentile(xs, 50) / 1000).toFixed(1)} / ${(percentile(xs, 95) / 1000).toFixed(1)} s`;

const counts = (xs: number[]): string =>
  xs.length === 0 ? '–' : `${percentile(xs, 50).toFixed(0)} / ${percentile(xs, 95).toFixed(0)}`;

/** The report's table: one column per configuration. */
export function scoreTable(scores: readonly AnswerScore[]): string[] {
  const citations = (s: AnswerScore): number => Object.values(s.statuses).reduce((a, b) => a + b, 0);
  const status = (s: AnswerScore, k: string): string =>
    `${s.statuses[k] ?? 0} (${pct(s.statuses[k] ?? 0, citations(s))})`;
  const rows: Array<[string, (s: AnswerScore) => string]> = [
    ['answer sentences citing a passage', (s) => `${s.cited}/${s.sentences} (${pct(s.cited, s.sentences)})`],
    ['answer sentences attributed afterwards', (s) => `${s.attributed}/${s.sentences}`],
    ['citations verified', (s) => status(s, 'verified')],
    ['citations supported', (s) => status(s, 'supported')],
    ['citations attributed', (s) => status(s, 'attributed')],
    ['citations unsupported', (s) => status(s, 'unsupported')],
    ['citations invalid', (s) => status(s, 'invalid')],
    ['gold page cited (answerable)', (s) => formatTally(s.goldPageCited)],
    ['near-topic unanswerable declined', (s) => formatTally(s.nearTopicDeclined)],
    ['off-topic unanswerable declined', (s) => formatTally(s.offTopicDeclined)],
    ['answerable wrongly declined', (s) => formatTally(s.wronglyDeclined)],
    ['answers that loop (stopped by the runtime)', (s) => `${s.loops}/${s.answers} (${s.loopsStopped})`],
    ['first evidence p50 / p95', (s) => ms(s.firstEvidenceMs)],
    ['first token p50 / p95', (s) => ms(s.firstTokenMs)],
    ['full answer p50 / p95', (s) => ms(s.totalMs)],
    ['prompt tokens p50 / p95', (s) => counts(s.promptTokens)],
    ['answer tokens p50 / p95', (s) => counts(s.answerTokens)],
  ];
  return [
    `| | ${scores.map((s) => s.label).join(' | ')} |`,
    `|---|${scores.map(() => '---|').join('')}`,
    ...rows.map(([name, f]) => `| ${name} | ${scores.map(f).join(' | ')} |`),
  ];
}
