import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobManager } from '../../../electron/core/jobs/jobManager.js';
import { ModelService, type ModelServiceOptions } from '../../../electron/core/models/modelService.js';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import {
  FIRST_NORMAL_TOKEN,
  tinyVocab,
  writeForcingAdapter,
  writeTinyLlama,
  writeTinyReranker,
  type ForcingAdapterOptions,
} from '../../fixtures/gguf/tinyModels.js';

export interface Harness {
  service: ModelService;
  jobs: JobManager;
  dir: string;
  close(): Promise<void>;
}

/** A folder for a whole test file (tempDir's folders are removed after each test); removed by close(). */
export function fileScopedDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-models-'));
}

/** A library with only the models concern, running its own runtime process on CPU with one thread. */
export function openModels(dir: string, options: ModelServiceOptions = {}): Harness {
  const library = openLibraryDatabase(dir);
  const jobs = new JobManager(library.db);
  const service = new ModelService(
    { db: library.db, libraryDir: dir, jobs, mode: 'cli' },
    { gpu: false, threads: 1, contextTokens: 1024, ...options },
  );
  return {
    service,
    jobs,
    dir,
    close: async () => {
      await service.close();
      await jobs.shutdown();
      library.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers the tiny chat model as the chat default and returns its id. */
export async function addTinyChat(h: Harness, name = 'tiny'): Promise<string> {
  const handlers = h.service.handlers();
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  const info = await handlers['models.add'](
    { path: writeTinyLlama(path.join(h.dir, `${name}.gguf`)), copy: false, name },
    ctx,
  );
  await handlers['models.setDefault']({ role: 'chat', modelId: info.modelId }, ctx);
  return info.modelId;
}

/** Registers the tiny model with mean pooling (an embedding model) as the embedding default and returns its id. */
export async function addTinyEmbedder(h: Harness, name = 'tiny-embedder'): Promise<string> {
  const handlers = h.service.handlers();
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  const info = await handlers['models.add'](
    { path: writeTinyLlama(path.join(h.dir, `${name}.gguf`), { pooling: true }), copy: false, name },
    ctx,
  );
  await handlers['models.setDefault']({ role: 'embedding', modelId: info.modelId }, ctx);
  return info.modelId;
}

export async function addReranker(h: Harness): Promise<string> {
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  return (
    await h.service
      .handlers()
      ['models.add']({ path: writeTinyReranker(path.join(h.dir, 'rr.gguf')), copy: false, name: 'tiny-reranker' }, ctx)
  ).modelId;
}

export async function addForcing(h: Harness, name: string, options: ForcingAdapterOptions): Promise<string> {
  const ctx = { emit: () => undefined, signal: new AbortController().signal };
  const info = await h.service
    .handlers()
    ['adapters.add']({ path: writeForcingAdapter(path.join(h.dir, `${name}.gguf`), options), copy: false, name }, ctx);
  return info.adapterId;
}

/** The text greedy decoding gives when an adapter forces `token` for n tokens. */
export function forcedText(token: number, n: number): string {
  return tinyVocab().tokens[token]!.replace(/▁/g, ' ').repeat(n);
}

/** Two normal tokens the forcing adapters use. */
export const TOKEN_A = FIRST_NORMAL_TOKEN + 39;
export const TOKEN_B = FIRST_NORMAL_TOKEN + 5;
