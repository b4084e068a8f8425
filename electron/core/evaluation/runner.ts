import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { EvalItem, QuestionResult } from '../../contract/ops/evaluation.js';
import { CITE_DESIGN } from '../ask/answer/answerDesign.js';
import type { AskService } from '../ask/askService.js';
import { resolveScope } from '../library/search/scope.js';
import type { JobContext } from '../jobs/jobManager.js';
import { PassageSearch } from '../library/search/passageSearch.js';
import { PaperQueries } from '../library/store/paperQueries.js';
import type { ModelService } from '../models/modelService.js';
import type { RunOptions, RunStore } from './runStore.js';
import { failedResult, scoreAnswer, type ConfigurationHead } from './scoring.js';

export interface RunnerDeps {
  db: Database.Database;
  ask: AskService;
  models: ModelService;
  runs: RunStore;
}

const JUDGE_SYSTEM =
  'You grade answers. Reply with one word: yes if the candidate answer means the same as the reference answer, no otherwise.';

/** Two worked verdicts for a model without a chat template, which only continues text. */
const JUDGE_EXAMPLES =
  'Question: What colour is the sky?\nReference answer: blue\nCandidate answer: It is blue.\nCorrect: yes\n\n' +
  'Question: What colour is grass?\nReference answer: green\nCandidate answer: Grass is red.\nCorrect: no\n\n';

/** The judge's verdict: 1 correct, 0 wrong, null when its reply is neither yes nor no. */
async function judge(
  models: ModelService,
  judgeModelId: string,
  item: EvalItem,
  answer: string,
  signal: AbortSignal,
): Promise<number | null> {
  const model = models.resolveModel('chat', judgeModelId);
  const facts = `Question: ${item.question}\nReference answer: ${item.expected}\nCandidate answer: ${answer.replace(/\s+/g, ' ').trim()}`;
  const request = model.chatTemplate
    ? {
        messages: [
          { role: 'system' as const, content: JUDGE_SYSTEM },
          { role: 'user' as const, content: `${facts}\nIs the candidate answer correct? Answer yes or no.` },
        ],
      }
    : { prompt: `${JUDGE_EXAMPLES}${facts}\nCorrect:` };
  const reply = await models.generate({ modelId: model.id, ...request, maxTokens: 4, signal });
  const word = /^[\s"'*]*(yes|no)\b/i.exec(reply.text)?.[1]?.toLowerCase();
  return word === 'yes' ? 1 : word === 'no' ? 0 : null;
}

/**
 * Runs every accepted question under each configuration in turn (one
 * configuration at a time keeps the same adapters loaded), storing each scored
 * answer as it comes. Evaluation answers are not kept as conversations.
 */
export async function runEvaluation(
  deps: RunnerDeps,
  runId: string,
  heads: readonly ConfigurationHead[],
  items: readonly EvalItem[],
  options: RunOptions,
  job: JobContext,
): Promise<void> {
  const total = heads.length * items.length;
  const papers = new PaperQueries(deps.db);
  const passages = new PassageSearch(deps.db);
  // A gold reference names the paper by id, DOI or title.
  const gold = new Map(items.map((i) => [i.itemId, i.paper === null ? null : papers.matchReference(i.paper)]));
  // Retrieval does not depend on the model: recall@k is measured once per question.
  const recall = new Map<string, Promise<number>>();
  // A passage is on the gold page when it starts there or any of its spans lies there.
  const onPage = (passageId: string, first: number | null, page: number): boolean =>
    first === page || passages.spanPages(Number(passageId)).includes(page);
  const recallOf = (item: EvalItem): Promise<number> | null => {
    const paperId = gold.get(item.itemId);
    if (paperId === null || paperId === undefined) return null;
    let pending = recall.get(item.itemId);
    if (pending === undefined) {
      pending = deps.ask.retriever
        .search(item.question, { k: options.k, scope: resolveScope(deps.db, {}) })
        .then((found) =>
          found.some((p) => p.paperId === paperId && (item.page === null || onPage(p.passageId, p.page, item.page)))
            ? 1
            : 0,
        );
      recall.set(item.itemId, pending);
    }
    return pending;
  };
  const unresolved = items.filter((i) => i.paper !== null && gold.get(i.itemId) === null).length;
  const note = unresolved > 0 ? ` (${unresolved} gold paper(s) not in the library: no recall for those)` : '';
  let done = 0;
  for (const head of heads) {
    for (const item of items) {
      job.signal.throwIfAborted();
      job.progress(done, total, `${head.label}: question ${items.indexOf(item) + 1} of ${items.length}${note}`);
      const started = performance.now();
      let result: QuestionResult;
      try {
        const answer = await deps.ask.ask(
          {
            requestId: `eval-${runId}-${head.index}-${item.itemId}`,
            question: item.question,
            scope: {},
            k: options.k,
            modelId: head.modelId,
            adapters: head.adapters,
            useRetrieval: head.useRetrieval,
            maxTokens: options.maxTokens,
            design: CITE_DESIGN,
          },
          { emit: () => undefined, signal: job.signal },
        );
        const latencyMs = Math.round(performance.now() - started);
        deps.ask.conversations.delete(answer.conversationId);
        const itemRecall = head.useRetrieval ? await recallOf(item) : null;
        const verdict =
          options.judgeModelId !== null && !item.unanswerable
            ? await judge(deps.models, options.judgeModelId, item, answer.answer, job.signal)
            : null;
        result = scoreAnswer(item, answer, head.index, { recall: itemRecall ?? null, judge: verdict, latencyMs });
      } catch (error) {
        if (job.signal.aborted) throw error;
        result = failedResult(
          item,
          head.index,
          error instanceof Error ? error.message : String(error),
          Math.round(performance.now() - started),
        );
      }
      deps.runs.saveResult(runId, result);
      done += 1;
    }
  }
  job.progress(done, total, `${total} answers scored${note}`);
}
