import type Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import type { DoctorReport } from '../../../contract/operations.js';
import type { ModelInfo } from '../../../contract/ops/models.js';
import type { ServedModel, ServerInfo } from '../../../contract/ops/servers.js';
import { allowModelServers } from '../../platform/networkGuard.js';
import { DEFAULT_CONTEXT_TOKENS } from '../modelFacts.js';
import type { ModelRecord, ModelRegistry } from '../registry.js';
import type { ChatTurn } from '../runtime/protocol.js';
import { generationRequest, type GenerateOptions, type GenerationResult } from '../generation.js';
import { generateRemote } from './remoteGeneration.js';
import { countRemoteChatTokens, countRemoteTokens, embedRemote } from './remoteTokens.js';
import { listServedModels, llamaCppContext, serverKind, type ListedModel } from './servedModels.js';
import { DEFAULT_TIMEOUTS, ServerClient, type ServerTimeouts } from './serverClient.js';
import { ServerStore, type ServerRecord } from './serverStore.js';
import { serverAddress } from './serverUrl.js';

/** The model a registered remote model runs as: its server's record and the name the server knows it by. */
interface RemoteTarget {
  server: ServerRecord;
  model: string;
}

/**
 * Models that run on an inference server the user configured: the servers and their keys, the models registered
 * from them, and generation, token counts and embeddings over HTTP. The network guard is opened to exactly the
 * configured servers' origins, and closed again to a server that is removed.
 */
export class RemoteModels {
  readonly store: ServerStore;

  constructor(
    db: Database.Database,
    libraryDir: string,
    private readonly registry: ModelRegistry,
    private readonly timeouts: ServerTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.store = new ServerStore(db, libraryDir);
    this.openGuard();
  }

  /** The guard lets through the configured servers, and `trying` while it is checked before being saved. */
  private openGuard(trying?: URL): void {
    allowModelServers([...this.store.list().map((s) => new URL(s.baseUrl)), ...(trying === undefined ? [] : [trying])]);
  }

  private client(server: ServerRecord, timeouts = this.timeouts): ServerClient {
    const address = serverAddress(server.baseUrl);
    return new ServerClient(
      { name: server.name, base: address.base, root: address.root, apiKey: this.store.apiKey(server.id) },
      timeouts,
    );
  }

  /**
   * Configures a server after listing its models (which proves address and key); the same address again replaces
   * its name, and its key when one (or null) is given.
   */
  async addServer(input: { url: string; apiKey?: string | null; name?: string }): Promise<{
    server: ServerInfo;
    models: ServedModel[];
  }> {
    const address = serverAddress(input.url);
    const existing = this.store.byUrl(address.base);
    const name = input.name ?? existing?.name ?? address.url.host;
    // Added again without a key: the stored one stays (null removes it).
    const apiKey =
      input.apiKey !== undefined ? input.apiKey : existing === null ? null : this.store.apiKey(existing.id);
    this.openGuard(address.url);
    let listed: ListedModel[];
    try {
      const probe = new ServerClient(
        { name, base: address.base, root: address.root, apiKey },
        { ...this.timeouts, responseMs: Math.min(this.timeouts.responseMs, 30_000) },
      );
      listed = await listServedModels(probe);
    } catch (error) {
      this.openGuard();
      if (error instanceof ScholiumError) throw error;
      throw new ScholiumError('MODEL_SERVER', error instanceof Error ? error.message : String(error));
    }
    const server = this.store.save(
      {
        id: existing?.id ?? this.store.newId(name),
        name,
        baseUrl: address.base,
        kind: serverKind(listed),
        addedAt: existing?.addedAt ?? new Date().toISOString(),
      },
      apiKey,
    );
    this.openGuard();
    return { server: this.serverInfo(server), models: this.served(server, listed) };
  }

  serverInfo(server: ServerRecord): ServerInfo {
    return {
      serverId: server.id,
      name: server.name,
      url: server.baseUrl,
      kind: server.kind,
      hasKey: server.hasKey,
      models: this.registry
        .listModels()
        .filter((m) => m.remote?.serverId === server.id)
        .map((m) => m.id),
      addedAt: server.addedAt,
    };
  }

  private served(server: ServerRecord, listed: readonly ListedModel[]): ServedModel[] {
    const registered = this.registry.listModels().filter((m) => m.remote?.serverId === server.id);
    return listed.map((m) => ({
      model: m.id,
      ownedBy: m.ownedBy,
      contextLength: m.contextLength,
      registeredAs: registered.find((r) => r.remote?.model === m.id)?.id ?? null,
    }));
  }

  async servedModels(serverId: string): Promise<ServedModel[]> {
    const server = this.store.get(serverId);
    return this.served(server, await listServedModels(this.client(server)));
  }

  /** Forgets a server with its key and its models (their role defaults go with them); the guard closes to it. */
  removeServer(serverId: string): { removed: boolean; models: string[] } {
    const models = this.serverInfo(this.store.get(serverId)).models;
    this.store.remove(serverId);
    this.openGuard();
    return { removed: true, models };
  }

  /** Registers a served model for a role; an embedder is asked for one vector, to learn its length. */
  async addModel(input: {
    serverId: string;
    model: string;
    role: 'chat' | 'embedding';
    name?: string;
  }): Promise<ModelRecord> {
    const server = this.store.get(input.serverId);
    const locator = `${server.baseUrl}#${input.model}`;
    this.registry.assertNewFile(locator, 'model');
    const client = this.client(server);
    const listed = (await listServedModels(client)).find((m) => m.id === input.model);
    if (listed === undefined)
      throw new ScholiumError(
        'NOT_FOUND',
        `The server ${server.name} (${server.baseUrl}) does not offer a model "${input.model}". It offers: ${(await this.servedModels(server.id)).map((m) => m.model).join(', ') || 'none'}.`,
      );
    let contextLength = listed.contextLength ?? DEFAULT_CONTEXT_TOKENS;
    let embeddingLength = 0;
    if (server.kind === 'llama.cpp') contextLength = (await llamaCppContext(client)) ?? contextLength;
    if (input.role === 'embedding')
      embeddingLength = (await embedRemote(client, input.model, ['length probe']))[0]!.length;
    const name = input.name ?? input.model;
    return this.registry.insertModel(
      {
        id: this.registry.newModelId(name),
        name,
        file: locator,
        stored: false,
        source: 'server',
        architecture: listed.ownedBy ?? server.kind,
        parameters: listed.parameters ?? 0,
        quantization: 'as served',
        contextLength,
        embeddingLength,
        chatTemplate: input.role === 'chat',
        canRank: false,
        roles: [input.role],
        sizeBytes: listed.sizeBytes ?? 0,
        memoryNeedBytes: 0,
        addedAt: new Date().toISOString(),
        remote: { serverId: server.id, model: input.model },
      },
      {},
    );
  }

  private target(model: ModelRecord): RemoteTarget {
    if (model.remote === null) throw new ScholiumError('INTERNAL', `${model.name} does not run on a server.`);
    return { server: this.store.get(model.remote.serverId), model: model.remote.model };
  }

  /** Where a model runs, for ModelInfo. */
  location(model: ModelRecord): { serverId: string; name: string; url: string; model: string } | null {
    if (model.remote === null) return null;
    const { server } = this.target(model);
    return { serverId: server.id, name: server.name, url: server.baseUrl, model: model.remote.model };
  }

  /** Checks that the server still offers the model (models.load of a remote model). */
  async check(model: ModelRecord): Promise<void> {
    const { server, model: served } = this.target(model);
    if (!(await listServedModels(this.client(server))).some((m) => m.id === served))
      throw new ScholiumError(
        'NOT_FOUND',
        `The model server ${server.name} (${server.baseUrl}) no longer offers "${served}"; ${model.name} cannot be used until it does.`,
      );
  }

  /** The same generation as the local runtime's, on the model's server; it applies no adapters of this library. */
  async generateFor(model: ModelRecord, options: GenerateOptions): Promise<GenerationResult> {
    if ((options.adapters ?? []).length > 0)
      throw new ScholiumError(
        'UNSUPPORTED',
        `${model.name} runs on a model server, which applies no adapters of this library; ask without adapters or with a local model.`,
      );
    const { server, model: served } = this.target(model);
    const result = await generateRemote(
      this.client(server),
      server.kind,
      {
        model: served,
        messages: options.messages,
        ...generationRequest(options),
      },
      { signal: options.signal, onToken: options.onToken },
    );
    return {
      text: result.text,
      stopReason: result.stopReason,
      model: { id: model.id, name: model.name },
      adapters: [],
      tokens: { prompt: result.promptTokens, completion: result.completionTokens },
      cutOff: result.cutOff,
    };
  }

  /** A model's description with where it runs; one on a server needs no memory here. */
  describe(info: ModelInfo, model: ModelRecord): ModelInfo {
    const server = this.location(model);
    if (server === null) return { ...info, server };
    return {
      ...info,
      server,
      file: `${server.url} (${server.model})`,
      memory: { ...info.memory, needBytes: 0, fits: true, note: `Runs on ${server.name}; needs no memory here.` },
    };
  }

  countTokens(model: ModelRecord, texts: readonly string[]): Promise<number[]> {
    const { server, model: served } = this.target(model);
    return countRemoteTokens(this.client(server), server.kind, served, texts);
  }

  countChatTokens(model: ModelRecord, messages: readonly ChatTurn[]): Promise<number> {
    const { server, model: served } = this.target(model);
    return countRemoteChatTokens(this.client(server), server.kind, served, messages);
  }

  embed(model: ModelRecord, texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const { server, model: served } = this.target(model);
    return embedRemote(this.client(server), served, texts, signal);
  }

  /** Each configured server for doctor: its address, registered models and whether it answers now (3 s, one try). */
  async doctor(): Promise<DoctorReport['servers']> {
    return Promise.all(
      this.store.list().map(async (server) => {
        const models = this.serverInfo(server).models;
        try {
          const listed = await listServedModels(this.client(server, { responseMs: 3000, idleMs: 3000, attempts: 1 }));
          return {
            url: server.baseUrl,
            models,
            reachable: true,
            detail: `${server.kind}, offers ${listed.length} model(s)`,
          };
        } catch (error) {
          return { url: server.baseUrl, models, reachable: false, detail: (error as Error).message };
        }
      }),
    );
  }
}
