import { ScholiumError } from '../../contract/index.js';
import type { Scope } from '../../contract/ops/ask.js';
import type { DatasetExport, EvalConfiguration, evaluationOps } from '../../contract/ops/evaluation.js';
import type { AskService } from '../ask/askService.js';
import { PassageSearch } from '../library/search/passageSearch.js';
import { resolveScope } from '../library/search/scope.js';
import type { CoreContext } from '../context.js';
import type { HandlersFor } from '../dispatch.js';
import type { ModelService } from '../models/modelService.js';
import { draftQuestions, pickPassages } from './drafts.js';
import { runEvaluation } from './runner.js';
import { RunStore, type RunOptions } from './runStore.js';
import type { ConfigurationHead } from './scoring.js';
import { parseCsvItems, parseJsonl, toCsv, toJsonl } from './setFormats.js';
import { SetStore } from './setStore.js';
import type { TrainingMarks } from './trainingMarks.js';
import {
  citeSource,
  dedupe,
  lengthStats,
  promptPassage,
  split,
  toExample,
  toJsonlLines,
  type TrainingExample,
} from './trainingData.js';

const slug = (name: string): string =>
  name
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase() || 'validation-set';

/**
 * The fine-tuning loop around adapters: validation sets (edited, imported,
 * drafted from the library), evaluation runs over several configurations,
 * and training data exported for an outside trainer.
 */
export class EvaluationService {
  readonly sets: SetStore;
  readonly runs: RunStore;
  private readonly passages: PassageSearch;

  constructor(
    private readonly ctx: CoreContext,
    private readonly models: ModelService,
    private readonly ask: AskService,
    private readonly marks: TrainingMarks,
  ) {
    this.sets = new SetStore(ctx.db);
    this.runs = new RunStore(ctx.db);
    this.passages = new PassageSearch(ctx.db);
  }

  importItems(
    setId: string,
    format: 'jsonl' | 'csv',
    content: string,
    status: 'accepted' | 'draft',
  ): { imported: number; errors: Array<{ line: number; message: string }> } {
    const { items, errors } = format === 'jsonl' ? parseJsonl(content) : parseCsvItems(content);
    if (items.length > 0)
      this.sets.add(
        setId,
        items.map(({ line: _line, ...item }) => ({ ...item, status })),
      );
    else this.sets.summary(setId);
    return { imported: items.length, errors };
  }

  exportSet(setId: string, format: 'jsonl' | 'csv'): { filename: string; mimeType: string; content: string } {
    const set = this.sets.summary(setId);
    const items = this.sets.items(setId, 'accepted');
    return format === 'jsonl'
      ? { filename: `${slug(set.name)}.jsonl`, mimeType: 'application/jsonl', content: toJsonl(items) }
      : { filename: `${slug(set.name)}.csv`, mimeType: 'text/csv', content: toCsv(items) };
  }

  /** Drafts questions from library passages as a job; they are stored as drafts for the user to accept or delete. */
  startDrafts(setId: string, count: number, modelId: string | undefined, scope: Scope) {
    const set = this.sets.summary(setId);
    const model = this.models.resolveModel('chat', modelId);
    const used = new Set(
      this.sets
        .items(setId)
        .map((i) => i.sourcePassageId)
        .filter((id): id is string => id !== null),
    );
    const passages = pickPassages(this.passages, resolveScope(this.ctx.db, scope), count, used);
    if (passages.length === 0)
      throw new ScholiumError(
        'INVALID_REQUEST',
        'No passages to draft from: import papers first, or widen the scope (passages already drafted from are skipped).',
      );
    return this.ctx.jobs.start('eval.drafts', `Drafting questions for ${set.name}`, { setId, count }, async (job) => {
      await draftQuestions(this.models, model, passages, job, (item) => this.sets.add(setId, [item]));
    });
  }

  /**
   * The configuration as it will run: the default model resolved now, every model and adapter checked before any work
   * starts.
   */
  private head(index: number, configuration: EvalConfiguration): ConfigurationHead {
    const modelId = configuration.modelId === undefined ? this.models.registry.defaults().chat : configuration.modelId;
    const adapters = configuration.adapters ?? [];
    const useRetrieval = configuration.useRetrieval ?? true;
    const model = modelId === null ? null : this.models.resolveModel('chat', modelId);
    if (model === null && adapters.length > 0)
      throw new ScholiumError('INVALID_REQUEST', `Configuration ${index + 1}: adapters need a chat model.`);
    if (model === null && !useRetrieval)
      throw new ScholiumError(
        'INVALID_REQUEST',
        `Configuration ${index + 1}: without a chat model, answers come from the library; turn retrieval on or choose a model.`,
      );
    const names = adapters.map((a) => `${this.models.registry.getAdapter(a.id).name}@${a.scale}`);
    const label =
      configuration.label ??
      [
        model?.name ?? 'no model (extractive)',
        ...names.map((n) => `+ ${n}`),
        useRetrieval ? 'with retrieval' : 'without retrieval',
      ].join(' ');
    return {
      index,
      label,
      modelId: model?.id ?? null,
      adapters: adapters.map(({ id, scale }) => ({ id, scale })),
      useRetrieval,
      judged: false,
    };
  }

  startRun(input: {
    setId: string;
    configurations: EvalConfiguration[];
    k: number;
    maxTokens: number;
    judgeModelId?: string;
  }) {
    const set = this.sets.summary(input.setId);
    const items = this.sets.items(input.setId, 'accepted');
    if (items.length === 0)
      throw new ScholiumError(
        'INVALID_REQUEST',
        `${set.name} has no accepted questions to evaluate: add some, or accept drafts.`,
      );
    const judgeModelId =
      input.judgeModelId === undefined ? null : this.models.resolveModel('chat', input.judgeModelId).id;
    const heads = input.configurations.map((c, i) => ({ ...this.head(i, c), judged: judgeModelId !== null }));
    const options: RunOptions = { k: input.k, maxTokens: input.maxTokens, judgeModelId };
    const runId = this.runs.create(input.setId, heads, items, options);
    const deps = { db: this.ctx.db, ask: this.ask, models: this.models, runs: this.runs };
    const job = this.ctx.jobs.start(
      'eval.run',
      `Evaluating ${set.name} (${items.length} questions × ${heads.length} configurations)`,
      { runId },
      async (ctx) => {
        try {
          await runEvaluation(deps, runId, heads, items, options, ctx);
          this.runs.finish(runId, 'done', null);
        } catch (error) {
          this.runs.finish(
            runId,
            ctx.signal.aborted ? 'cancelled' : 'failed',
            error instanceof Error ? error.message : String(error),
          );
          throw error;
        }
      },
    );
    this.runs.attachJob(runId, job.jobId);
    return { runId, job };
  }

  markTurn(turnId: string, good: boolean): { turnId: string; good: boolean } {
    const mode = this.ask.conversations.answerMode(turnId);
    if (mode === null) throw new ScholiumError('NOT_FOUND', `There is no conversation answer with id ${turnId}.`);
    // An abstention is the gate's fixed reply, not an answer the model gave: nothing to learn from it.
    if (good && mode === 'abstained')
      throw new ScholiumError(
        'INVALID_REQUEST',
        'An abstained answer cannot be marked good: Scholium found no passages that answer it, so there is no answer to train on.',
      );
    if (good) this.marks.mark(turnId);
    else this.marks.unmark(turnId);
    return { turnId, good };
  }

  /** Accepted answerable questions; one drafted from a passage keeps that passage in its prompt. */
  private async setExamples(setIds: readonly string[]): Promise<TrainingExample[]> {
    const out: TrainingExample[] = [];
    for (const setId of setIds) {
      for (const item of this.sets.items(setId, 'accepted').filter((i) => !i.unanswerable)) {
        const source =
          item.sourcePassageId === null ? undefined : this.passages.passages([Number(item.sourcePassageId)])[0];
        out.push(
          source === undefined
            ? await toExample(item.question, item.expected, [], 'set')
            : await toExample(item.question, citeSource(item.expected), [promptPassage(source, 1)], 'set'),
        );
      }
    }
    return out;
  }

  /** Answers marked good, with the passages they were given. */
  private async conversationExamples(): Promise<TrainingExample[]> {
    const out: TrainingExample[] = [];
    for (const a of this.ask.conversations.answers(this.marks.turnIds())) {
      const passages = a.passages.map((p) => promptPassage(p, p.n));
      out.push(
        await toExample(passages.length > 0 ? a.standaloneQuery : a.question, a.answer, passages, 'conversation'),
      );
    }
    return out;
  }

  async exportDataset(input: {
    setIds: string[];
    conversations: boolean;
    format: 'chat' | 'alpaca';
    validationShare: number;
    seed: number;
    modelId?: string;
  }): Promise<DatasetExport> {
    const fromSets = await this.setExamples(input.setIds);
    const fromConversations = input.conversations ? await this.conversationExamples() : [];
    const all = [...fromSets, ...fromConversations];
    if (all.length === 0) {
      throw new ScholiumError(
        'INVALID_REQUEST',
        'Nothing to export: choose validation sets with accepted answerable questions, or mark good answers in conversations.',
      );
    }
    const { kept, duplicates } = dedupe(all);
    const { train, validation } = split(kept, input.validationShare, input.seed);
    const modelId = input.modelId ?? this.models.registry.defaults().chat;
    let tokens: DatasetExport['tokens'] = null;
    if (modelId !== null) {
      const model = this.models.resolveModel('chat', modelId);
      const stats = async (examples: TrainingExample[]) => {
        const counts: number[] = [];
        for (const e of examples) counts.push(await this.models.countChatTokens(e.messages, model.id));
        const s = lengthStats(counts, model.contextLength);
        return s === null ? null : { modelId: model.id, modelName: model.name, contextSize: model.contextLength, ...s };
      };
      tokens = { train: await stats(train), validation: await stats(validation) };
    }
    const name = `scholium-${input.format}`;
    return {
      train: {
        filename: `${name}-train.jsonl`,
        mimeType: 'application/jsonl',
        content: toJsonlLines(train, input.format),
      },
      validation: {
        filename: `${name}-validation.jsonl`,
        mimeType: 'application/jsonl',
        content: toJsonlLines(validation, input.format),
      },
      counts: {
        fromSets: fromSets.length,
        fromConversations: fromConversations.length,
        duplicates,
        train: train.length,
        validation: validation.length,
      },
      tokens,
    };
  }

  handlers(): HandlersFor<typeof evaluationOps> {
    return {
      'eval.sets.list': () => this.sets.list(),
      'eval.sets.create': ({ name, description }) => this.sets.create(name, description),
      'eval.sets.get': ({ setId }) => ({ set: this.sets.summary(setId), items: this.sets.items(setId) }),
      'eval.sets.update': ({ setId, ...changes }) => this.sets.update(setId, changes),
      'eval.sets.delete': ({ setId }) => ({ deleted: this.sets.delete(setId) }),
      'eval.sets.import': ({ setId, format, content, status }) => this.importItems(setId, format, content, status),
      'eval.sets.export': ({ setId, format }) => this.exportSet(setId, format),
      'eval.items.add': ({ setId, items }) => this.sets.add(setId, items),
      'eval.items.update': ({ itemId, ...changes }) => this.sets.updateItem(itemId, changes),
      'eval.items.delete': ({ itemIds }) => ({ deleted: this.sets.deleteItems(itemIds) }),
      'eval.drafts.generate': ({ setId, count, modelId, scope }) => this.startDrafts(setId, count, modelId, scope),
      'eval.runs.start': (input) => this.startRun(input),
      'eval.runs.list': ({ setId }) => this.runs.list(setId),
      'eval.runs.get': ({ runId }) => this.runs.get(runId),
      'eval.runs.delete': ({ runId }) => ({ deleted: this.runs.delete(runId) }),
      'dataset.markTurn': ({ turnId, good }) => this.markTurn(turnId, good),
      'dataset.marks': () => ({
        markedGood: this.marks.count(),
      }),
      'dataset.export': (input) => this.exportDataset(input),
    };
  }
}
