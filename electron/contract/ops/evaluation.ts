import { z } from 'zod';
import { JobSnapshotSchema } from '../events.js';
import { AdapterUseSchema, CitationStatusSchema, ScopeSchema } from './ask.js';
import { op } from './define.js';

const Id = z.string().min(1).max(200);
const Text = z.string().trim().min(1).max(8000);

/** One validation question. `paper` is the gold paper's id, DOI or exact title; `page` narrows it. */
export const EvalItemInputSchema = z
  .object({
    question: Text,
    /** Required unless the question is unanswerable from the library. */
    expected: z.string().trim().max(8000).default(''),
    paper: z.string().trim().min(1).max(1000).nullable().default(null),
    page: z.number().int().min(1).nullable().default(null),
    unanswerable: z.boolean().default(false),
    /** 'draft': written by the chat model, waiting for review; only accepted questions are evaluated and exported. */
    status: z.enum(['accepted', 'draft']).default('accepted'),
  })
  .strict()
  .refine((item) => item.unanswerable || item.expected !== '', {
    message: 'an answerable question needs an expected answer',
    path: ['expected'],
  });
export type EvalItemInput = z.input<typeof EvalItemInputSchema>;

export const EvalItemSchema = z.object({
  itemId: z.string(),
  setId: z.string(),
  ordinal: z.number().int(),
  question: z.string(),
  expected: z.string(),
  paper: z.string().nullable(),
  page: z.number().int().nullable(),
  unanswerable: z.boolean(),
  status: z.enum(['accepted', 'draft']),
  /** The passage a drafted question was written from. */
  sourcePassageId: z.string().nullable(),
  sourceText: z.string().nullable(),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;

export const EvalSetSummarySchema = z.object({
  setId: z.string(),
  name: z.string(),
  description: z.string(),
  accepted: z.number().int(),
  drafts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EvalSetSummary = z.infer<typeof EvalSetSummarySchema>;

export const LineErrorSchema = z.object({ line: z.number().int(), message: z.string() });

export const SetFormatSchema = z.enum(['jsonl', 'csv']);

export const EvalConfigurationSchema = z
  .object({
    /** Shown in the compare table; default from the model, adapters and retrieval. */
    label: z.string().trim().min(1).max(200).optional(),
    /** null: no chat model (extractive answers, retrieval only); undefined: the chat default. */
    modelId: Id.nullable().optional(),
    adapters: z.array(AdapterUseSchema).max(8).default([]),
    useRetrieval: z.boolean().default(true),
  })
  .strict();
export type EvalConfiguration = z.input<typeof EvalConfigurationSchema>;

/**
 * The usual comparison (CLI and UI alike): the base model, then base + each adapter alone; each with and/or without
 * retrieval.
 */
export function adapterComparison(
  modelId: string | null | undefined,
  adapters: ReadonlyArray<{ id: string; scale: number }>,
  retrieval: 'both' | 'on' | 'off',
): EvalConfiguration[] {
  const modes = retrieval === 'both' ? [true, false] : [retrieval === 'on'];
  const stacks = [[], ...adapters.map((a) => [{ id: a.id, scale: a.scale }])];
  return stacks.flatMap((stack) => modes.map((useRetrieval) => ({ modelId, adapters: stack, useRetrieval })));
}

const Counts = z.object({
  verified: z.number().int(),
  supported: z.number().int(),
  attributed: z.number().int().default(0),
  unsupported: z.number().int(),
  invalid: z.number().int(),
});

export const ConfigurationSummarySchema = z.object({
  index: z.number().int(),
  label: z.string(),
  modelId: z.string().nullable(),
  adapters: z.array(z.object({ id: z.string(), scale: z.number() })),
  useRetrieval: z.boolean(),
  /** Questions answered (errors excluded) out of those run so far. */
  answered: z.number().int(),
  errors: z.number().int(),
  /** Normalised exact match and token F1 over answerable questions (SQuAD definitions). */
  exactMatch: z.number().nullable(),
  f1: z.number().nullable(),
  /** Share the local-model judge called correct, over those it gave a verdict on; null without a judge. */
  judge: z.object({ accuracy: z.number().nullable(), judged: z.number().int(), unclear: z.number().int() }).nullable(),
  /** Whether the gold paper (and page) is among the first k passages retrieved; null without retrieval or gold. */
  recallAtK: z.number().nullable(),
  citations: Counts,
  /** On unanswerable questions: share where the answer abstained. On answerable ones: share wrongly abstained. */
  abstention: z.object({
    unanswerable: z.number().int(),
    rate: z.number().nullable(),
    falseRate: z.number().nullable(),
  }),
  latencyMs: z.object({ mean: z.number(), p50: z.number(), p95: z.number() }),
});
export type ConfigurationSummary = z.infer<typeof ConfigurationSummarySchema>;

export const QuestionResultSchema = z.object({
  configuration: z.number().int(),
  itemId: z.string(),
  answer: z.string(),
  mode: z.enum(['generated', 'extractive', 'abstained']).nullable(),
  abstained: z.boolean(),
  exactMatch: z.number().nullable(),
  f1: z.number().nullable(),
  judge: z.number().nullable(),
  recall: z.number().nullable(),
  citations: z.array(
    z.object({
      n: z.number().int(),
      status: CitationStatusSchema,
      paperId: z.string().nullable(),
      title: z.string().nullable(),
      page: z.number().int().nullable(),
      quote: z.string(),
    }),
  ),
  latencyMs: z.number(),
  error: z.string().nullable(),
});
export type QuestionResult = z.infer<typeof QuestionResultSchema>;

export const RunStateSchema = z.enum(['running', 'done', 'cancelled', 'failed']);

export const RunSummarySchema = z.object({
  runId: z.string(),
  setId: z.string(),
  setName: z.string(),
  jobId: z.string().nullable(),
  state: RunStateSchema,
  error: z.string().nullable(),
  questions: z.number().int(),
  k: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  configurations: z.array(ConfigurationSummarySchema),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunDetailSchema = RunSummarySchema.extend({
  items: z.array(EvalItemSchema),
  results: z.array(QuestionResultSchema),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

const FileOut = z.object({ filename: z.string(), mimeType: z.string(), content: z.string() });

export const TokenStatsSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  contextSize: z.number().int(),
  min: z.number().int(),
  mean: z.number(),
  p50: z.number().int(),
  p95: z.number().int(),
  max: z.number().int(),
  /** Examples longer than the model's context (they would be cut in training). */
  overContext: z.number().int(),
});

export const DatasetExportSchema = z.object({
  train: FileOut,
  validation: FileOut,
  counts: z.object({
    fromSets: z.number().int(),
    fromConversations: z.number().int(),
    duplicates: z.number().int(),
    train: z.number().int(),
    validation: z.number().int(),
  }),
  /** Tokens per example (whole chat under the base model's template); null when no chat model is chosen or set. */
  tokens: z.object({ train: TokenStatsSchema.nullable(), validation: TokenStatsSchema.nullable() }).nullable(),
});
export type DatasetExport = z.infer<typeof DatasetExportSchema>;

const SetRef = z.object({ setId: Id }).strict();

export const evaluationOps = {
  'eval.sets.list': op(
    z.object({}).strict(),
    z.array(EvalSetSummarySchema),
    'Validation sets with their counts of accepted and drafted questions.',
  ),
  'eval.sets.create': op(
    z
      .object({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(2000).default('') })
      .strict(),
    EvalSetSummarySchema,
    'Create an empty validation set.',
  ),
  'eval.sets.get': op(
    SetRef,
    z.object({ set: EvalSetSummarySchema, items: z.array(EvalItemSchema) }),
    'A validation set with its questions, drafts included.',
  ),
  'eval.sets.update': op(
    z
      .object({
        setId: Id,
        name: z.string().trim().min(1).max(200).optional(),
        description: z.string().trim().max(2000).optional(),
      })
      .strict(),
    EvalSetSummarySchema,
    'Rename a validation set or change its description.',
  ),
  'eval.sets.delete': op(
    SetRef,
    z.object({ deleted: z.boolean() }),
    'Delete a validation set, its questions and its runs.',
  ),
  'eval.sets.import': op(
    z
      .object({
        setId: Id,
        format: SetFormatSchema,
        content: z.string().max(50_000_000),
        /** 'draft': questions to review before they count (e.g. written by someone else or another tool). */
        status: z.enum(['accepted', 'draft']).default('accepted'),
      })
      .strict(),
    z.object({ imported: z.number().int(), errors: z.array(LineErrorSchema) }),
    'Add questions from JSONL or CSV (question, expected, paper, page, unanswerable); malformed lines are reported by number and the rest is imported.',
  ),
  'eval.sets.export': op(
    z.object({ setId: Id, format: SetFormatSchema }).strict(),
    FileOut,
    'A validation set as JSONL or CSV (accepted questions).',
  ),
  'eval.items.add': op(
    z.object({ setId: Id, items: z.array(EvalItemInputSchema).min(1).max(10_000) }).strict(),
    z.array(EvalItemSchema),
    'Add questions to a set.',
  ),
  'eval.items.update': op(
    z
      .object({
        itemId: Id,
        question: Text.optional(),
        expected: z.string().trim().max(8000).optional(),
        paper: z.string().trim().min(1).max(1000).nullable().optional(),
        page: z.number().int().min(1).nullable().optional(),
        unanswerable: z.boolean().optional(),
        status: z.enum(['accepted', 'draft']).optional(),
      })
      .strict(),
    EvalItemSchema,
    'Edit a question, or accept a draft (status "accepted").',
  ),
  'eval.items.delete': op(
    z.object({ itemIds: z.array(Id).min(1).max(10_000) }).strict(),
    z.object({ deleted: z.number().int() }),
    'Delete questions (e.g. rejected drafts).',
  ),
  'eval.drafts.generate': op(
    z
      .object({
        setId: Id,
        count: z.number().int().min(1).max(500).default(10),
        modelId: Id.optional(),
        scope: ScopeSchema.default({}),
      })
      .strict(),
    JobSnapshotSchema,
    'Draft questions with their answer and source passage from the library with the chat model, as a job; drafts wait for review.',
  ),
  'eval.runs.start': op(
    z
      .object({
        setId: Id,
        configurations: z.array(EvalConfigurationSchema).min(1).max(16),
        k: z.number().int().min(1).max(30).default(6),
        /** Answer length cap: short-answer sets score better, and run faster, with short answers. */
        maxTokens: z.number().int().min(1).max(2048).default(128),
        /** A chat model that grades each answer against the expected one (reported apart from EM and F1). */
        judgeModelId: Id.optional(),
      })
      .strict(),
    z.object({ runId: z.string(), job: JobSnapshotSchema }),
    'Evaluate the accepted questions of a set under each configuration, as a cancellable job; the run is stored.',
  ),
  'eval.runs.list': op(
    z.object({ setId: Id.optional() }).strict(),
    z.array(RunSummarySchema),
    'Stored evaluation runs with their per-configuration figures, newest first.',
  ),
  'eval.runs.get': op(
    z.object({ runId: Id }).strict(),
    RunDetailSchema,
    'A run with every answer, for comparing configurations question by question.',
  ),
  'eval.runs.delete': op(
    z.object({ runId: Id }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a stored run that has ended (a running one is cancelled first: CONFLICT).',
  ),
  'dataset.markTurn': op(
    z.object({ turnId: Id, good: z.boolean() }).strict(),
    z.object({ turnId: z.string(), good: z.boolean() }),
    'Mark a conversation answer as good training data (or unmark it); an abstained answer cannot be marked.',
  ),
  'dataset.marks': op(
    z.object({}).strict(),
    z.object({ markedGood: z.number().int() }),
    'How many conversation answers are marked good training data.',
  ),
  'dataset.export': op(
    z
      .object({
        setIds: z.array(Id).max(100).default([]),
        /** Answers the user marked good in conversations. */
        conversations: z.boolean().default(true),
        format: z.enum(['chat', 'alpaca']).default('chat'),
        validationShare: z.number().min(0).max(0.9).default(0.1),
        seed: z.number().int().default(1),
        /** Base model whose tokenizer and chat template count the tokens (default: the chat default). */
        modelId: Id.optional(),
      })
      .strict(),
    DatasetExportSchema,
    'Training data as JSONL (chat messages or Alpaca): deduplicated, split into train and validation, with token-length statistics.',
  ),
} satisfies Record<string, ReturnType<typeof op>>;
