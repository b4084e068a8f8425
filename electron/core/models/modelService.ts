import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError, type JobSnapshot } from '../../contract/index.js';
import type {
  GenerationSettings,
  ModelInfo,
  ModelRole,
  modelOps,
  RuntimeStatus,
  WeightPrecision,
} from '../../contract/ops/models.js';
import type { serverOps } from '../../contract/ops/servers.js';
import type { CoreContext } from '../context.js';
import type { HandlersFor } from '../dispatch.js';
import type { JobManager } from '../jobs/jobManager.js';
import { compatibility, inspectAdapter } from './adapterCheck.js';
import { Catalog } from './catalog.js';
import { downloadModelFile } from './download/modelDownload.js';
import { parseModelSource } from './download/modelSource.js';
import type { Embedder } from './embedder.js';
import { readCheckedGguf } from './gguf/ggufReader.js';
import { checkModel } from './modelCheck.js';
import { readGenerationSettings, writeGenerationSettings } from './generationSettings.js';
import { DEFAULT_CONTEXT_TOKENS, memoryVerdict } from './modelFacts.js';
import { ModelRegistry, type ModelRecord } from './registry.js';
import type { ChatTurn } from './runtime/protocol.js';
import { generationRequest, type AdapterUse, type GenerateOptions, type GenerationResult } from './generation.js';

export type { AdapterUse, GenerateOptions, GenerationResult } from './generation.js';
import { ModelRuntime, type RuntimeOptions } from './runtime/runtimeClient.js';
import { RemoteModels } from './remote/remoteModels.js';
import type { ServerTimeouts } from './remote/serverClient.js';

export interface ModelServiceOptions extends RuntimeOptions {
  /**
   * Chat context size for every model (capped by what the model was trained for), unless the library's generation
   * settings choose one.
   */
  contextTokens?: number;
  /** A download attempt that receives nothing for this long is dropped (and resumed). */
  downloadIdleTimeoutMs?: number;
  /** How long a model server may take, and how often a refused request is tried. */
  serverTimeouts?: ServerTimeouts;
}

const EMBED_BATCH = 32;

/**
 * The models concern: the registry, and the client of the runtime process
 * that the ask and eval services call (generate, countTokens, contextSize,
 * embedder, rank). Models load on first use, in the runtime process only,
 * after their file is validated again.
 */
export class ModelService {
  readonly registry: ModelRegistry;
  readonly runtime: ModelRuntime;
  /** Models on inference servers the user configured. */
  readonly remote: RemoteModels;
  private readonly catalog: Catalog;
  private readonly contextTokens: number;
  private readonly db: CoreContext['db'];
  /** Models the current runtime process has loaded (or is loading); emptied when it exits. */
  private loading = new Map<string, Promise<void>>();
  private checkedAdapters = new Set<string>();
  private readonly jobs: JobManager;
  private readonly libraryDir: string;
  private readonly downloadIdleTimeoutMs: number | undefined;
  /** The model each finished download or conversion job added (for models.added). */
  private readonly addedByJob = new Map<string, string>();
  /** Sources being downloaded now: a second job would write the same partial file. */
  private readonly downloading = new Set<string>();

  constructor(context: CoreContext, options: ModelServiceOptions = {}) {
    this.registry = new ModelRegistry(context.db);
    this.db = context.db;
    this.catalog = new Catalog(this.registry, context.libraryDir);
    this.jobs = context.jobs;
    this.libraryDir = context.libraryDir;
    this.downloadIdleTimeoutMs = options.downloadIdleTimeoutMs;
    this.runtime = new ModelRuntime(options);
    this.remote = new RemoteModels(context.db, context.libraryDir, this.registry, options.serverTimeouts);
    this.contextTokens = options.contextTokens ?? DEFAULT_CONTEXT_TOKENS;
    this.runtime.onExit(() => {
      this.loading = new Map();
      this.checkedAdapters = new Set();
    });
  }

  /** A model as the UI shows it, with where it runs. */
  info(model: ModelRecord): ModelInfo {
    return this.remote.describe(this.catalog.modelInfo(model), model);
  }

  handlers(): HandlersFor<typeof modelOps & typeof serverOps> {
    return {
      'servers.list': () => this.remote.store.list().map((s) => this.remote.serverInfo(s)),
      'servers.add': (input) => this.remote.addServer(input),
      'servers.models': ({ serverId }) => this.remote.servedModels(serverId),
      'servers.remove': ({ serverId }) => this.remote.removeServer(serverId),
      'models.addRemote': async (input) => this.info(await this.remote.addModel(input)),
      'models.list': () => this.registry.listModels().map((m) => this.info(m)),
      'models.add': async ({ path, copy, name }) => this.info(await this.catalog.addModel(path, { copy, name })),
      'models.download': ({ source, sha256, name }) => this.download(source, { sha256, name }),
      'models.convert': ({ path: dir, name, precision }) => this.convert(dir, name, precision),
      'models.added': ({ jobId }) => this.info(this.registry.getModel(this.addedBy(jobId))),
      'models.rename': ({ modelId, name }) => this.info(this.registry.renameModel(modelId, name)),
      'models.remove': async ({ modelId }) => {
        if (this.loading.has(modelId)) await this.unload(modelId);
        return { removed: this.registry.removeModel(modelId) };
      },
      'models.defaults': () => this.registry.defaults(),
      'models.setDefault': ({ role, modelId }) => this.registry.setDefault(role, modelId),
      'models.generationSettings': () => this.generationSettings(),
      'models.setGenerationSettings': (change) => this.setGenerationSettings(change),
      'models.status': () => this.status(),
      'models.load': async ({ modelId }) => {
        const model = this.registry.getModel(modelId);
        await (model.remote === null ? this.ensureLoaded(model) : this.remote.check(model));
        return this.status();
      },
      'models.unload': async ({ modelId }) => {
        await this.unload(this.registry.getModel(modelId).id);
        return this.status();
      },
      'adapters.list': () => this.registry.listAdapters().map((a) => this.catalog.adapterInfo(a)),
      'adapters.add': async ({ path, copy, name }) =>
        this.catalog.adapterInfo(await this.catalog.addAdapter(path, { copy, name })),
      'adapters.remove': ({ adapterId }) => ({ removed: this.registry.removeAdapter(adapterId) }),
    };
  }

  /** How Ask generates: the library's generation settings. */
  generationSettings(): GenerationSettings {
    return readGenerationSettings(this.db);
  }

  private async setGenerationSettings(change: Partial<GenerationSettings>): Promise<GenerationSettings> {
    const before = this.generationSettings().contextTokens;
    const settings = writeGenerationSettings(this.db, change);
    // Models are loaded with their context: a new size takes a fresh load, on next use.
    if (settings.contextTokens !== before) for (const modelId of [...this.loading.keys()]) await this.unload(modelId);
    return settings;
  }

  /** Starts downloading a model the user asked for; the job adds it once it is complete, checksum-checked and valid. */
  download(source: string, options: { sha256?: string; name?: string } = {}): JobSnapshot {
    const key = source.trim();
    parseModelSource(key); // a malformed source is refused now, not as a failed job
    if (this.downloading.has(key)) throw new ScholiumError('CONFLICT', `${key} is already being downloaded.`);
    this.downloading.add(key);
    const job = this.jobs.start('models.download', `Downloading ${key}`, { source: key }, async (ctx) => {
      const file = await downloadModelFile(key, path.join(this.libraryDir, 'models', 'downloads'), {
        sha256: options.sha256,
        signal: ctx.signal,
        progress: ctx.progress,
        idleTimeoutMs: this.downloadIdleTimeoutMs,
      });
      ctx.progress(file.bytes, file.bytes, `Checking ${file.fileName}`);
      const model = await this.catalog.addDownloaded(file.file, { name: options.name });
      this.addedByJob.set(ctx.jobId, model.id);
      ctx.progress(
        file.bytes,
        file.bytes,
        `Added ${model.id}; SHA-256 ${file.sha256} (${file.verified ? 'verified' : 'no checksum was published to check it against'})`,
      );
    });
    // Released when the job ends however it ends (even cancelled before it ran).
    void this.jobs.wait(job.jobId).finally(() => this.downloading.delete(key));
    return job;
  }

  /** Starts converting a sentence-transformers folder (in a child process) into an embedding model. */
  convert(dir: string, name?: string, precision?: WeightPrecision): JobSnapshot {
    const folder = path.resolve(dir);
    if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ScholiumError(
        'NOT_FOUND',
        `${folder} is not a folder; give a sentence-transformers folder (config.json and model.safetensors).`,
      );
    }
    return this.jobs.start('models.convert', `Converting ${path.basename(folder)}`, { path: folder }, async (ctx) => {
      const model = await this.catalog.addModel(folder, {
        copy: false,
        name,
        precision,
        signal: ctx.signal,
        progress: ctx.progress,
      });
      this.addedByJob.set(ctx.jobId, model.id);
      ctx.progress(1, 1, `Added ${model.id}`);
    });
  }

  /** The model a download or conversion job added; the job's own error while it did not. */
  private addedBy(jobId: string): string {
    const job = this.jobs.list().find((j) => j.jobId === jobId);
    if (job === undefined) throw new ScholiumError('NOT_FOUND', `No job with id ${jobId} in this session.`);
    if (job.state === 'running' || job.state === 'queued')
      throw new ScholiumError('CONFLICT', `${job.title} is still running.`);
    if (job.state === 'cancelled')
      throw new ScholiumError('CANCELLED', `${job.title} was cancelled; nothing was added.`);
    const modelId = this.addedByJob.get(jobId);
    if (job.state === 'failed' || modelId === undefined)
      throw new ScholiumError('NOT_FOUND', `${job.title} added no model${job.error === null ? '' : `: ${job.error}`}`);
    return modelId;
  }

  async status(): Promise<RuntimeStatus> {
    const loaded = this.runtime.state === 'ready' ? (await this.runtime.call('status', {})).loaded : [];
    return {
      state: this.runtime.state,
      pid: this.runtime.pid,
      threads: this.runtime.threads,
      loaded,
      lastCrash: this.runtime.lastCrash?.message ?? null,
      restarts: this.runtime.restarts,
    };
  }

  /** The model for a role: the one asked for, else the role's default. */
  resolveModel(role: ModelRole, modelId?: string): ModelRecord {
    const id = modelId ?? this.registry.defaults()[role];
    if (id === null) {
      throw new ScholiumError(
        'NOT_FOUND',
        `No ${role} model is set. Add one with "scholium models add <file>" and choose it with "scholium models default ${role} <id>".`,
      );
    }
    const model = this.registry.getModel(id);
    if (!model.roles.includes(role))
      throw new ScholiumError(
        'INVALID_REQUEST',
        `${model.name} cannot serve as the ${role} model; it can serve as: ${model.roles.join(', ')}.`,
      );
    return model;
  }

  /** Validates the file again (it may have changed since it was added), checks memory, then loads it in the runtime. */
  private ensureLoaded(model: ModelRecord): Promise<void> {
    let pending = this.loading.get(model.id);
    if (pending === undefined) {
      pending = (async () => {
        checkModel(await readCheckedGguf(model.file));
        const memory = memoryVerdict(model.memoryNeedBytes);
        if (memory.needBytes > memory.freeBytes)
          throw new ScholiumError('UNSUPPORTED', `${model.name} cannot be loaded now. ${memory.note}`);
        await this.runtime.call(
          'load',
          { modelId: model.id, file: model.file, contextSize: this.contextFor(model) },
          { timeoutMs: this.runtime.loadTimeoutMs, during: `loading ${model.name}` },
        );
      })();
      this.loading.set(model.id, pending);
      pending.catch(() => {
        if (this.loading.get(model.id) === pending) this.loading.delete(model.id);
      });
    }
    return pending;
  }

  private async unload(modelId: string): Promise<void> {
    const pending = this.loading.get(modelId);
    if (pending === undefined) return;
    this.loading.delete(modelId);
    await pending.catch(() => undefined);
    if (this.runtime.state === 'ready') await this.runtime.call('unload', { modelId });
  }

  /** Resolves adapters for a model: each registered, compatible and its file still sound. */
  private async adaptersFor(
    model: ModelRecord,
    uses: readonly AdapterUse[],
  ): Promise<{ id: string; name: string; file: string; scale: number }[]> {
    const base = this.registry.baseShape(model);
    const out = [];
    for (const use of uses) {
      if (!Number.isFinite(use.scale))
        throw new ScholiumError('INVALID_REQUEST', `The scale of adapter "${use.id}" must be a number.`);
      const adapter = this.registry.getAdapter(use.id);
      const fit = compatibility(adapter, base);
      if (!fit.compatible)
        throw new ScholiumError(
          'INVALID_MODEL',
          `Adapter ${adapter.name} cannot be used with ${model.name}. ${fit.reason}`,
        );
      if (!this.checkedAdapters.has(adapter.file)) {
        if (!fs.existsSync(adapter.file))
          throw new ScholiumError('NOT_FOUND', `The file of adapter ${adapter.name} is gone: ${adapter.file}.`);
        compatibility(await inspectAdapter(adapter.file), base);
        this.checkedAdapters.add(adapter.file);
      }
      out.push({ id: adapter.id, name: adapter.name, file: adapter.file, scale: use.scale });
    }
    return out;
  }

  async generate(options: GenerateOptions): Promise<GenerationResult> {
    if ((options.messages === undefined) === (options.prompt === undefined)) {
      throw new ScholiumError('INVALID_REQUEST', 'Give either chat messages or a prompt to generate from.');
    }
    const model = this.resolveModel('chat', options.modelId);
    if (model.remote !== null) return this.remote.generateFor(model, options);
    const adapters = await this.adaptersFor(model, options.adapters ?? []);
    await this.ensureLoaded(model);
    const result = await this.runtime.call(
      'generate',
      {
        modelId: model.id,
        adapters: adapters.map(({ id, file, scale }) => ({ id, file, scale })),
        messages: options.messages === undefined ? undefined : [...options.messages],
        ...generationRequest(options),
        stream: options.onToken !== undefined,
      },
      { signal: options.signal, onToken: options.onToken, during: `generating with ${model.name}` },
    );
    return {
      text: result.text,
      stopReason: result.stopReason,
      model: { id: model.id, name: model.name },
      adapters: adapters.map(({ id, name, scale }) => ({ id, name, scale })),
      tokens: { prompt: result.promptTokens, completion: result.completionTokens },
      cutOff: null,
    };
  }

  /** Tokens of each text for the model (no special tokens), to budget prompts exactly. */
  async countTokens(texts: readonly string[], modelId?: string): Promise<number[]> {
    const model = this.resolveModel('chat', modelId);
    if (model.remote !== null) return this.remote.countTokens(model, texts);
    await this.ensureLoaded(model);
    return (await this.runtime.call('countTokens', { modelId: model.id, texts: [...texts] })).counts;
  }

  /** Tokens of a whole chat prompt as generate will send it (template included). */
  async countChatTokens(messages: readonly ChatTurn[], modelId?: string): Promise<number> {
    const model = this.resolveModel('chat', modelId);
    if (model.remote !== null) return this.remote.countChatTokens(model, messages);
    await this.ensureLoaded(model);
    return (await this.runtime.call('countTokens', { modelId: model.id, texts: [], chat: [...messages] })).chat ?? 0;
  }

  /** Context size (tokens) generate works within for this model: prompt plus answer. */
  contextSize(modelId?: string): number {
    return this.contextFor(this.resolveModel('chat', modelId));
  }

  /** The generation settings' context size, else this process's, capped by what the model was trained for. */
  private contextFor(model: ModelRecord): number {
    return Math.min(this.generationSettings().contextTokens ?? this.contextTokens, model.contextLength);
  }

  /** The embedding model as the library's Embedder (default: the embedding default). */
  embedder(modelId?: string): Embedder {
    const model = this.resolveModel('embedding', modelId);
    return {
      modelId: model.id,
      dimension: model.embeddingLength,
      embed: async (texts, options = {}) => {
        if (model.remote === null) await this.ensureLoaded(model);
        const vectors: Float32Array[] = [];
        // Batches keep each round trip short, so a cancel is noticed between them.
        for (let i = 0; i < texts.length; i += EMBED_BATCH) {
          if (options.signal?.aborted === true) throw new ScholiumError('CANCELLED', 'Embedding was cancelled.');
          const batch = texts.slice(i, i + EMBED_BATCH);
          if (model.remote !== null) {
            vectors.push(...(await this.remote.embed(model, batch, options.signal)));
            continue;
          }
          vectors.push(
            ...(
              await this.runtime.call(
                'embed',
                { modelId: model.id, texts: batch },
                { during: `embedding with ${model.name}` },
              )
            ).vectors,
          );
        }
        return vectors;
      },
    };
  }

  /** Relevance (0–1) of each document to the query, by the reranker (default: the reranker default). */
  async rank(query: string, documents: readonly string[], modelId?: string): Promise<number[]> {
    const model = this.resolveModel('reranker', modelId);
    if (!model.canRank)
      throw new ScholiumError('UNSUPPORTED', `${model.name} has no classifier head, so it cannot rerank.`);
    await this.ensureLoaded(model);
    return (
      await this.runtime.call(
        'rank',
        { modelId: model.id, query, documents: [...documents] },
        { during: `reranking with ${model.name}` },
      )
    ).scores;
  }

  async close(): Promise<void> {
    await this.runtime.stop();
  }
}
