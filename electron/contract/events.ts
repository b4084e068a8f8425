import { z } from 'zod';
import { AnswerPassageSchema, BoxSchema } from './ops/ask.js';

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSnapshotSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobStateSchema,
  done: z.number(),
  total: z.number().nullable(),
  message: z.string(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

/**
 * Every stream has one fixed shape carrying its id: long jobs report on the
 * `job` channel (broadcast, late subscribers read jobs.list for the latest),
 * generations report on the `generation` channel to the caller only.
 */
export const JobEventSchema = z.object({
  channel: z.literal('job'),
  jobId: z.string(),
  type: z.enum(['progress', 'done', 'error', 'cancelled']),
  job: JobSnapshotSchema,
});

export const GenerationEventSchema = z.discriminatedUnion('type', [
  z.object({ channel: z.literal('generation'), requestId: z.string(), type: z.literal('token'), text: z.string() }),
  z.object({
    channel: z.literal('generation'),
    requestId: z.string(),
    type: z.literal('citation'),
    n: z.number().int(),
    /**
     * The cited passage, its paper and page, and the passage's boxes there (null / [] for a number that was not given).
     */
    passageId: z.string().nullable(),
    paperId: z.string().nullable(),
    title: z.string().nullable(),
    page: z.number().int().nullable(),
    highlight: z.array(BoxSchema),
  }),
  z.object({
    channel: z.literal('generation'),
    requestId: z.string(),
    /**
     * Sent once retrieval ends, before any model reads: the passages found, the sentences of each that bear on the
     * question (what the model is given), and the extractive answer quoting the best of them ('' when none bears).
     */
    type: z.literal('evidence'),
    passages: z.array(AnswerPassageSchema),
    sentences: z.array(z.object({ n: z.number().int(), text: z.string() })),
    extractive: z.string(),
  }),
  z.object({
    channel: z.literal('generation'),
    requestId: z.string(),
    type: z.literal('done'),
    stopReason: z.string(),
  }),
  z.object({ channel: z.literal('generation'), requestId: z.string(), type: z.literal('error'), message: z.string() }),
]);

export const ScholiumEventSchema = z.union([JobEventSchema, GenerationEventSchema]);
export type JobEvent = z.infer<typeof JobEventSchema>;
export type GenerationEvent = z.infer<typeof GenerationEventSchema>;
export type ScholiumEvent = z.infer<typeof ScholiumEventSchema>;
