import { z } from 'zod';
import { JobSnapshotSchema } from './events.js';
import { op } from './ops/define.js';
import { askOps } from './ops/ask.js';
import { evaluationOps } from './ops/evaluation.js';
import { libraryOps } from './ops/library.js';
import { modelOps } from './ops/models.js';
import { serverOps } from './ops/servers.js';

export const Empty = z.object({}).strict();

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  libraryDir: z.string(),
  schemaVersion: z.number().int(),
  mode: z.enum(['electron', 'host', 'cli']),
  /** The offline guarantee as measured in this process: every attempt to reach beyond this computer. */
  network: z.object({ guarded: z.boolean(), blocked: z.number().int(), allowed: z.number().int() }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const DoctorReportSchema = z.object({
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpus: z.object({ logical: z.number().int(), physical: z.number().int() }),
  nativeModules: z.array(
    z.object({ name: z.string(), loaded: z.boolean(), version: z.string().nullable(), detail: z.string() }),
  ),
  sqlite: z.object({ version: z.string(), vec: z.string().nullable(), fts5: z.boolean() }),
  llama: z.object({
    loaded: z.boolean(),
    backend: z.string(),
    gpu: z.string().nullable(),
    gpuDevices: z.array(z.string()),
    detail: z.string(),
  }),
  library: z.object({ dir: z.string(), bytes: z.number().int(), files: z.number().int(), writable: z.boolean() }),
  /** The inference servers the network guard lets this process reach (and nothing else beyond this computer). */
  servers: z.array(
    z.object({ url: z.string(), models: z.array(z.string()), reachable: z.boolean(), detail: z.string() }),
  ),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export const RuntimeSettingsSchema = z.object({
  /** llama.cpp threads for the model runtime; null: automatic (one per physical core). */
  threads: z.number().int().min(1).max(256).nullable(),
  /** Let models use a GPU when llama.cpp finds one; false: CPU only. */
  gpu: z.boolean(),
});
export type RuntimeSettings = z.infer<typeof RuntimeSettingsSchema>;
const SettingsResultSchema = RuntimeSettingsSchema.extend({
  /** The running model runtime was started with other settings: they apply when Scholium next starts. */
  restartNeeded: z.boolean(),
});

/**
 * The one list of operations the UI (and any client) may call. Each later
 * capability adds its operations here; every side derives its types from it.
 */
export const operations = {
  'app.info': op(Empty, AppInfoSchema, 'Name, version and library of the running core.'),
  'app.doctor': op(
    Empty,
    DoctorReportSchema,
    'What loaded: Node, native modules, sqlite-vec, llama.cpp backend, GPU, library size.',
  ),
  'jobs.list': op(Empty, z.array(JobSnapshotSchema), 'Every job of this session with its latest progress.'),
  'jobs.cancel': op(
    z.object({ jobId: z.string().min(1) }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Ask a running job to stop.',
  ),
  'app.backup': op(
    Empty,
    z.object({ file: z.string(), bytes: z.number().int() }),
    'A consistent copy of the library database (online backup) in the library’s backups folder.',
  ),
  'app.settings': op(Empty, SettingsResultSchema, 'Model runtime settings kept in the library: threads and GPU use.'),
  'app.updateSettings': op(
    RuntimeSettingsSchema.partial().strict(),
    SettingsResultSchema,
    'Change the model runtime’s threads (null: automatic) or GPU use; they apply when Scholium next starts.',
  ),
  ...libraryOps,
  ...modelOps,
  ...serverOps,
  ...askOps,
  ...evaluationOps,
} as const;

export type Api = typeof operations;
export type OpName = Extract<keyof Api, string>;
export type OpInput<K extends OpName> = z.input<Api[K]['input']>;
export type OpOutput<K extends OpName> = z.output<Api[K]['output']>;
export type OpParsedInput<K extends OpName> = z.output<Api[K]['input']>;

export const opNames = Object.keys(operations) as OpName[];

export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}
