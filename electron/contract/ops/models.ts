import { z } from 'zod';
import { JobSnapshotSchema } from '../events.js';
import { op } from './define.js';

const FilePath = z.string().min(1).max(4096);
const ModelId = z.string().min(1).max(200);

export const ModelRoleSchema = z.enum(['chat', 'embedding', 'reranker']);
export type ModelRole = z.infer<typeof ModelRoleSchema>;

export const MemoryEstimateSchema = z.object({
  needBytes: z.number().int(),
  freeBytes: z.number().int(),
  fits: z.boolean(),
  /** One sentence for the user, e.g. "Needs about 0.4 GiB of memory; 5.1 GiB is free." */
  note: z.string(),
});

/** A name to show a model by. */
const DisplayName = z.string().trim().min(1, 'Give the model a name.').max(200);

export const ModelInfoSchema = z.object({
  modelId: z.string(),
  /** What the model is shown by: read from the file when added (its published name), or given by the user. */
  name: z.string(),
  file: z.string(),
  /** The file was copied into the library (and is deleted with the entry); otherwise it is used where it is. */
  stored: z.boolean(),
  /** "server": runs on an inference server the user configured (see servers.add), not on this computer. */
  source: z.enum(['gguf', 'sentence-transformers', 'server']),
  /** Where it runs: null on this computer; else the server, and the name the server knows the model by. */
  server: z.object({ serverId: z.string(), name: z.string(), url: z.string(), model: z.string() }).nullable(),
  architecture: z.string(),
  /** Rounded, e.g. "270M". */
  parameters: z.string(),
  parameterCount: z.number().int(),
  quantization: z.string(),
  contextLength: z.number().int(),
  embeddingLength: z.number().int(),
  chatTemplate: z.boolean(),
  canRank: z.boolean(),
  sizeBytes: z.number().int(),
  /**
   * Roles the file can serve: a decoder → chat; an encoder, or a decoder that declares its pooling (an embedding model)
   * → embedding; a classifier head → reranker.
   */
  roles: z.array(ModelRoleSchema),
  /** Roles this model is the default for. */
  defaultFor: z.array(ModelRoleSchema),
  memory: MemoryEstimateSchema,
  addedAt: z.string(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const AdapterCompatibilitySchema = z.object({
  modelId: z.string(),
  compatible: z.boolean(),
  reason: z.string().nullable(),
});

export const AdapterInfoSchema = z.object({
  adapterId: z.string(),
  name: z.string(),
  file: z.string(),
  stored: z.boolean(),
  /** "peft": converted from a Hugging Face PEFT folder when it was added. */
  source: z.enum(['gguf', 'peft']),
  architecture: z.string(),
  rank: z.number().int(),
  alpha: z.number(),
  /** How many weight matrices it changes. */
  targets: z.number().int(),
  sizeBytes: z.number().int(),
  /** Checked against every registered model: same architecture, every target tensor present with the right shape. */
  compatibility: z.array(AdapterCompatibilitySchema),
  addedAt: z.string(),
});
export type AdapterInfo = z.infer<typeof AdapterInfoSchema>;

export const ModelDefaultsSchema = z.object({
  chat: z.string().nullable(),
  embedding: z.string().nullable(),
  reranker: z.string().nullable(),
});
export type ModelDefaults = z.infer<typeof ModelDefaultsSchema>;

/** Precision of a converted model's weight matrices: Q8_0 and F16 as llama.cpp lays them out, or F32 as trained. */
export const WeightPrecisionSchema = z.enum(['q8_0', 'f16', 'f32']);
export type WeightPrecision = z.infer<typeof WeightPrecisionSchema>;

export const AddFileSchema = z
  .object({
    path: FilePath,
    /** Copy the file into the library's folder instead of using it where it is. */
    copy: z.boolean().default(false),
    name: DisplayName.optional(),
  })
  .strict();

export const DownloadSchema = z
  .object({
    /** hf:<user>/<repo>/<file.gguf>, hf:<user>/<repo>:<quantization>, or an https:// address of a .gguf file. */
    source: z.string().trim().min(4).max(2048),
    /** The SHA-256 the file must have (checked along with the one Hugging Face gives, if any). */
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal digits')
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const RuntimeStatusSchema = z.object({
  state: z.enum(['stopped', 'starting', 'ready']),
  pid: z.number().int().nullable(),
  threads: z.number().int(),
  loaded: z.array(z.object({ modelId: z.string(), contexts: z.number().int() })),
  /** The last time the runtime process died unexpectedly, in words; null if it never did. */
  lastCrash: z.string().nullable(),
  restarts: z.number().int(),
});
export type RuntimeStatus = z.infer<typeof RuntimeStatusSchema>;

/** How chat models write answers in Ask, kept in the library (the same for the app, the browser and the CLI). */
export const GenerationSettingsSchema = z.object({
  /** 0 picks the likeliest word every time (the same answer each time); up to 2 draws more varied words. */
  temperature: z.number().min(0, 'the temperature goes from 0 to 2').max(2, 'the temperature goes from 0 to 2'),
  /** The longest answer, in tokens; null: fitted to the question (at most 512, and a quarter of the context). */
  maxAnswerTokens: z
    .number()
    .int('the longest answer is a whole number of tokens')
    .min(16, 'the longest answer is 16 to 8,192 tokens')
    .max(8192, 'the longest answer is 16 to 8,192 tokens')
    .nullable(),
  /** How much a word already written is held back (1: not at all); null: Scholium's choice, 1.1. */
  repeatPenalty: z
    .number()
    .min(1, 'the repeat penalty goes from 1 (off) to 2')
    .max(2, 'the repeat penalty goes from 1 (off) to 2')
    .nullable(),
  /** Tokens a chat model reads and writes at once (passages plus answer), capped by what it was trained for; null: 4,096. */
  contextTokens: z
    .number()
    .int('the context size is a whole number of tokens')
    .min(512, 'the context size is 512 to 131,072 tokens')
    .max(131072, 'the context size is 512 to 131,072 tokens')
    .nullable(),
});
export type GenerationSettings = z.infer<typeof GenerationSettingsSchema>;

export const modelOps = {
  'models.list': op(
    z.object({}).strict(),
    z.array(ModelInfoSchema),
    'Registered models with their facts and memory estimate.',
  ),
  'models.add': op(
    AddFileSchema,
    ModelInfoSchema,
    'Register a GGUF model (validated first) or a sentence-transformers folder (converted to GGUF).',
  ),
  'models.download': op(
    DownloadSchema,
    JobSnapshotSchema,
    'Download a GGUF model the user asked for (the only network use): a cancellable, resumable job with byte progress; checksum-checked and validated before it is added (see models.added).',
  ),
  'models.convert': op(
    z
      .object({
        path: FilePath,
        name: z.string().trim().min(1).max(200).optional(),
        /** The weight matrices' precision (default q8_0: about twice as fast as f32 on a CPU, same retrieval). */
        precision: WeightPrecisionSchema.optional(),
      })
      .strict(),
    JobSnapshotSchema,
    'Convert a sentence-transformers folder to a GGUF embedding model as a cancellable job with progress (see models.added).',
  ),
  'models.added': op(
    z.object({ jobId: z.string().min(1) }).strict(),
    ModelInfoSchema,
    'The model a finished download or conversion job added.',
  ),
  'models.rename': op(
    z.object({ modelId: ModelId, name: DisplayName }).strict(),
    ModelInfoSchema,
    'Show a model by another name (its id, which defaults and past answers refer to, stays).',
  ),
  'models.remove': op(
    z.object({ modelId: ModelId }).strict(),
    z.object({ removed: z.boolean() }),
    'Forget a model (and delete its copy if the library holds one).',
  ),
  'models.defaults': op(z.object({}).strict(), ModelDefaultsSchema, 'The default model for each role.'),
  'models.setDefault': op(
    z.object({ role: ModelRoleSchema, modelId: ModelId.nullable() }).strict(),
    ModelDefaultsSchema,
    'Make a model the default for a role (null clears it).',
  ),
  'models.generationSettings': op(
    z.object({}).strict(),
    GenerationSettingsSchema,
    'Temperature, longest answer, repeat penalty and context size that Ask generates with.',
  ),
  'models.setGenerationSettings': op(
    GenerationSettingsSchema.partial().strict(),
    GenerationSettingsSchema,
    'Change generation settings (null: Scholium’s choice); the next answer uses them, a new context size reloads the chat model.',
  ),
  'models.status': op(
    z.object({}).strict(),
    RuntimeStatusSchema,
    'The model runtime process: state, loaded models, crashes.',
  ),
  'models.load': op(
    z.object({ modelId: ModelId }).strict(),
    RuntimeStatusSchema,
    'Load a model into the runtime process now (it also loads on first use).',
  ),
  'models.unload': op(
    z.object({ modelId: ModelId }).strict(),
    RuntimeStatusSchema,
    'Unload a model and free its memory.',
  ),
  'adapters.list': op(
    z.object({}).strict(),
    z.array(AdapterInfoSchema),
    'Registered LoRA adapters and which models they fit.',
  ),
  'adapters.add': op(
    AddFileSchema,
    AdapterInfoSchema,
    'Register a GGUF LoRA adapter, or convert a PEFT adapter folder to one.',
  ),
  'adapters.remove': op(
    z.object({ adapterId: ModelId }).strict(),
    z.object({ removed: z.boolean() }),
    'Forget an adapter (and delete its copy if the library holds one).',
  ),
} satisfies Record<string, ReturnType<typeof op>>;
