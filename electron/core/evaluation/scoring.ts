import type { Answer } from '../../contract/ops/ask.js';
import type { ConfigurationSummary, EvalItem, QuestionResult } from '../../contract/ops/evaluation.js';
import { exactMatch, mean, percentile, tokenF1 } from './metrics.js';

/**
 * Answers without retrieval never take the abstained mode, but the model is
 * told to say when it does not know: such replies count as abstaining too.
 */
const SAYS_UNKNOWN =
  /\b(i do not know|i don't know|i am not sure|cannot answer|can't answer|does not contain|not enough information)\b/i;

export function isAbstention(answer: Pick<Answer, 'mode' | 'answer'>): boolean {
  return answer.mode === 'abstained' || SAYS_UNKNOWN.test(answer.answer);
}

/** The figures of one answer; accuracy only for answerable questions, where an expected answer exists. */
export function scoreAnswer(
  item: EvalItem,
  answer: Answer,
  configuration: number,
  extra: { recall: number | null; judge: number | null; latencyMs: number },
): QuestionResult {
  const answerable = !item.unanswerable;
  return {
    configuration,
    itemId: item.itemId,
    answer: answer.answer,
    mode: answer.mode,
    abstained: isAbstention(answer),
    exactMatch: answerable ? exactMatch(answer.answer, item.expected) : null,
    f1: answerable ? tokenF1(answer.answer, item.expected) : null,
    judge: extra.judge,
    recall: extra.recall,
    citations: answer.citations.map((c) => ({
      n: c.n,
      status: c.status,
      paperId: c.paperId,
      title: c.title,
      page: c.page,
      quote: c.quote,
    })),
    latencyMs: extra.latencyMs,
    error: null,
  };
}

export function failedResult(
  item: EvalItem,
  configuration: number,
  message: string,
  latencyMs: number,
): QuestionResult {
  return {
    configuration,
    itemId: item.itemId,
    answer: '',
    mode: null,
    abstained: false,
    exactMatch: null,
    f1: null,
    judge: null,
    recall: null,
    citations: [],
    latencyMs,
    error: message,
  };
}

const meanOrNull = (values: number[]): number | null => (values.length === 0 ? null : mean(values));
const defined = (values: Array<number | null>): number[] => values.filter((v): v is number => v !== null);

export interface ConfigurationHead {
  index: number;
  label: string;
  modelId: string | null;
  adapters: Array<{ id: string; scale: number }>;
  useRetrieval: boolean;
  judged: boolean;
}

/** Aggregates one configuration's results (of the questions run so far, so cancelled runs still report). */
export function summarise(
  head: ConfigurationHead,
  items: readonly EvalItem[],
  results: readonly QuestionResult[],
): ConfigurationSummary {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const ok = results.filter((r) => r.error === null);
  const answerable = ok.filter((r) => byId.get(r.itemId)?.unanswerable === false);
  const unanswerable = ok.filter((r) => byId.get(r.itemId)?.unanswerable === true);
  const citations = { verified: 0, supported: 0, attributed: 0, unsupported: 0, invalid: 0 };
  for (const r of ok) for (const c of r.citations) citations[c.status] += 1;
  const verdicts = defined(answerable.map((r) => r.judge));
  const latencies = ok.map((r) => r.latencyMs);
  return {
    index: head.index,
    label: head.label,
    modelId: head.modelId,
    adapters: head.adapters,
    useRetrieval: head.useRetrieval,
    answered: ok.length,
    errors: results.length - ok.length,
    exactMatch: meanOrNull(defined(answerable.map((r) => r.exactMatch))),
    f1: meanOrNull(defined(answerable.map((r) => r.f1))),
    judge: head.judged
      ? { accuracy: meanOrNull(verdicts), judged: verdicts.length, unclear: answerable.length - verdicts.length }
      : null,
    recallAtK: meanOrNull(defined(ok.map((r) => r.recall))),
    citations,
    abstention: {
      unanswerable: unanswerable.length,
      rate: meanOrNull(unanswerable.map((r) => (r.abstained ? 1 : 0))),
      falseRate: meanOrNull(answerable.map((r) => (r.abstained ? 1 : 0))),
    },
    latencyMs: { mean: Math.round(mean(latencies)), p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
  };
}
