import { z } from 'zod';
import { AnswerPassageSchema, BoxSchema } from './ops/ask.js';

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

/**
 * How fast a job goes, in the units of its work (an import's pages, an embedding job's passages), and how long it
 * will still take by what has been measured so far. Pages read by OCR are counted apart: each takes about a hundred
 * times as long as a page with a text layer.
 */
export const JobRateSchema = z.object({
  unit: z.enum(['pages', 'passages']),
  /** Units done, OCR pages included. */
  done: z.number(),
  /** Units done per second since the job started; null until a few are done. */
  perSecond: z.number().nullable(),
  /** Pages read by OCR, and how many OCR reads per second while it runs (null for jobs without OCR). */
  ocr: z.object({ done: z.number(), perSecond: z.number().nullable() }).nullable(),
  /**
   * Seconds still to go, estimated from the rates measured so far and the work known to be left (for an import, files
   * not yet opened are taken to be like those read so far); null while too little has been measured to say.
   */
  remainingSeconds: z.number().nullable(),
});
export type JobRate = z.infer<typeof JobRateSchema>;

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
  /** Throughput and time remaining, for jobs that measure them (imports, embedding). */
  rate: JobRateSchema.optional(),
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
