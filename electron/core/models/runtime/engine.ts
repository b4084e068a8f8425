import {
  getLlama,
  LlamaChat,
  LlamaCompletion,
  LlamaLogLevel,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaEmbeddingContext,
  type LlamaGrammar,
  type LlamaModel,
  type LlamaRankingContext,
  type Token,
} from 'node-llama-cpp';
import { ScholiumError } from '../../../contract/index.js';
import type {
  AdapterApplication,
  ChatTurn,
  GenerateRequest,
  GenerateResult,
  LoadRequest,
  RuntimeRequests,
  Sampling,
  StopReason,
} from './protocol.js';
import { LoopDetector } from './loopDetector.js';

/** Contexts (each with its own adapter set) kept per model; the least recently used idle one goes first. */
const MAX_CHAT_CONTEXTS = 4;
/** Embedding and ranking inputs are cut to this many tokens at most (sentence-transformers cuts at 256–512). */
const MAX_ENCODER_CONTEXT = 2048;

interface ChatSlot {
  key: string;
  ready: Promise<ChatSlot>;
  context: LlamaContext;
  /** The context's one sequence, shared by chat (LlamaChat) and raw-prompt (LlamaCompletion) generation. */
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  /** Serialises generations on this context: one sequence, one generation at a time. */
  queue: Promise<unknown>;
  busy: number;
  lastUsed: number;
}

interface Loaded {
  model: LlamaModel;
  /** The chat template from the GGUF, resolved once: prompts are counted and generated with the same one. */
  chatWrapper: ChatWrapper;
  contextSize: number;
  chats: ChatSlot[];
  embedding: Promise<LlamaEmbeddingContext> | null;
  ranking: Promise<LlamaRankingContext> | null;
  /** Tokens a repeat penalty leaves alone (digits, brackets, punctuation: citation markers recur by design). */
  unpunished: Map<Token, boolean>;
}

function adapterKey(adapters: readonly AdapterApplication[]): string {
  return JSON.stringify(adapters.map((a) => [a.file, a.scale]).sort());
}

function toHistory(messages: readonly ChatTurn[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === 'system'
      ? { type: 'system', text: m.content }
      : m.role === 'user'
        ? { type: 'user', text: m.content }
        : { type: 'model', response: [m.content] },
  );
  history.push({ type: 'model', response: [] });
  return history;
}

/** Tokens of a whole chat prompt as the model will see it: template, special tokens and all. */
function chatTokens(entry: Loaded, history: ChatHistoryItem[]): number {
  return entry.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(entry.model.tokenizer)
    .length;
}

function mapStopReason(reason: string, capped: boolean): StopReason {
  if (reason === 'abort') return 'aborted';
  if (reason === 'maxTokens') return capped ? 'contextFull' : 'maxTokens';
  if (reason === 'eogToken') return 'eos';
  return 'stopTrigger';
}

function l2normalise(values: readonly number[]): Float32Array {
  const v = Float32Array.from(values);
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

/** node-llama-cpp's sampling options for a request's sampling settings. */
function samplingOptions(entry: Loaded, sampling: Sampling | undefined): Record<string, unknown> {
  if (sampling === undefined) return {};
  const { topK, topP, minP, repeatPenalty, dry } = sampling;
  const punished = (tokens: Token[]): Token[] =>
    tokens.filter((t) => {
      let free = entry.unpunished.get(t);
      if (free === undefined) {
        free = /^[\s\d[\](),.;:–-]*$/.test(entry.model.detokenize([t]));
        entry.unpunished.set(t, free);
      }
      return !free;
    });
  return {
    topK,
    topP,
    minP,
    repeatPenalty:
      repeatPenalty === undefined ? false : { ...repeatPenalty, punishTokensFilter: punished, penalizeNewLine: false },
    dryRepeatPenalty: dry,
  };
}

/** Grammars made once per text: an answer's grammar is rebuilt for each question, but many are alike. */
const GRAMMAR_CACHE = 16;

/** Everything that touches llama.cpp; lives only in the runtime process. */
export class LlamaEngine {
  private llama: Llama | null = null;
  private threads = 1;
  private readonly models = new Map<string, Loaded>();
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  private grammar(text: string): Promise<LlamaGrammar> {
    let grammar = this.grammars.get(text);
    if (grammar === undefined) {
      grammar = this.ready.createGrammar({ grammar: text });
      this.grammars.set(text, grammar);
      grammar.catch(() => this.grammars.delete(text));
      if (this.grammars.size > GRAMMAR_CACHE) this.grammars.delete(this.grammars.keys().next().value!);
    }
    return grammar;
  }

  async init({ threads, gpu }: RuntimeRequests['init']['req']): Promise<RuntimeRequests['init']['res']> {
    this.threads = threads;
    this.llama = await getLlama({
      gpu,
      build: 'never',
      maxThreads: threads,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
    });
    return { backend: this.llama.gpu === false ? 'cpu' : this.llama.gpu, threads };
  }

  private get ready(): Llama {
    if (this.llama === null) throw new Error('the runtime was not initialised');
    return this.llama;
  }

  private loaded(modelId: string): Loaded {
    const entry = this.models.get(modelId);
    if (entry === undefined) throw new ScholiumError('NOT_FOUND', `Model "${modelId}" is not loaded in the runtime.`);
    return entry;
  }

  async load({ modelId, file, contextSize }: LoadRequest): Promise<RuntimeRequests['load']['res']> {
    let entry = this.models.get(modelId);
    if (entry === undefined) {
      const model = await this.ready.loadModel({ modelPath: file });
      entry = {
        model,
        chatWrapper: resolveChatWrapper(model),
        contextSize: Math.min(contextSize, model.trainContextSize),
        chats: [],
        embedding: null,
        ranking: null,
        unpunished: new Map(),
      };
      this.models.set(modelId, entry);
    }
    return {
      contextSize: entry.contextSize,
      trainContextSize: entry.model.trainContextSize,
      embeddingLength: entry.model.embeddingVectorSize,
    };
  }

  async unload(modelId: string): Promise<boolean> {
    const entry = this.models.get(modelId);
    if (entry === undefined) return false;
    this.models.delete(modelId);
    await entry.model.dispose();
    return true;
  }

  /**
   * A context carrying exactly this adapter set, made on first use; the base
   * weights are shared. Bookkeeping is synchronous so concurrent requests for
   * one adapter set share one context.
   */
  private slot(entry: Loaded, adapters: readonly AdapterApplication[]): ChatSlot {
    const key = adapterKey(adapters);
    const found = entry.chats.find((s) => s.key === key);
    if (found !== undefined) {
      found.busy += 1;
      return found;
    }
    if (entry.chats.length >= MAX_CHAT_CONTEXTS) {
      const idle = entry.chats.filter((s) => s.busy === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (idle !== undefined) {
        entry.chats.splice(entry.chats.indexOf(idle), 1);
        void idle.ready.then((s) => s.context.dispose());
      }
    }
    const slot = { key, busy: 1, lastUsed: Date.now(), queue: Promise.resolve() as Promise<unknown> } as ChatSlot;
    slot.ready = entry.model
      .createContext({
        contextSize: entry.contextSize,
        threads: this.threads,
        lora:
          adapters.length === 0 ? undefined : { adapters: adapters.map((a) => ({ filePath: a.file, scale: a.scale })) },
      })
      .then((context) => {
        slot.context = context;
        slot.sequence = context.getSequence();
        slot.chat = new LlamaChat({
          contextSequence: slot.sequence,
          chatWrapper: entry.chatWrapper,
          autoDisposeSequence: false,
        });
        return slot;
      });
    slot.ready.catch(() => {
      if (entry.chats.includes(slot)) entry.chats.splice(entry.chats.indexOf(slot), 1);
    });
    entry.chats.push(slot);
    return slot;
  }

  async generate(
    request: GenerateRequest,
    signal: AbortSignal,
    onToken: (text: string) => void,
  ): Promise<GenerateResult> {
    const entry = this.loaded(request.modelId);
    const slot = this.slot(entry, request.adapters);
    try {
      await slot.ready;
      const run = slot.queue.then(() => this.generateOn(entry, slot, request, signal, onToken));
      slot.queue = run.catch(() => undefined);
      return await run;
    } finally {
      slot.busy -= 1;
      slot.lastUsed = Date.now();
    }
  }

  private async generateOn(
    entry: Loaded,
    slot: ChatSlot,
    request: GenerateRequest,
    signal: AbortSignal,
    onToken: (text: string) => void,
  ): Promise<GenerateResult> {
    const model = entry.model;
    let promptTokens: number;
    let history: ChatHistoryItem[] | null = null;
    if (request.messages !== undefined) {
      history = toHistory(request.messages);
      promptTokens = chatTokens(entry, history);
    } else promptTokens = model.tokenize(request.prompt ?? '').length + 1;
    // Never let llama.cpp shift the context: the prompt (with the passages in it) must stay whole.
    const room = slot.context.contextSize - promptTokens - 1;
    if (room < 1) {
      throw new ScholiumError(
        'INVALID_REQUEST',
        `The prompt takes ${promptTokens} tokens but the model's context holds ${slot.context.contextSize}; give it fewer or shorter passages.`,
      );
    }
    const maxTokens = Math.min(request.maxTokens, room);
    const capped = maxTokens < request.maxTokens;
    let grammar: LlamaGrammar | undefined;
    try {
      grammar = request.grammar === undefined ? undefined : await this.grammar(request.grammar);
    } catch (error) {
      throw new ScholiumError('INVALID_REQUEST', `The answer's grammar is not valid GBNF: ${String(error)}`);
    }
    let completionTokens = 0;
    // The loop stop ends the generation through its own signal, so the caller's abort stays distinguishable.
    const looped = new AbortController();
    const detector = request.stopOnLoop === true ? new LoopDetector() : null;
    let cut: number | null = null;
    const common = {
      maxTokens,
      temperature: request.temperature,
      seed: request.seed,
      ...samplingOptions(entry, request.sampling),
      signal: AbortSignal.any([signal, looped.signal]),
      stopOnAbortSignal: true,
      onTextChunk: (text: string) => {
        if (cut !== null) return;
        if (request.stream) onToken(text);
        cut = detector?.push(text) ?? null;
        if (cut !== null) looped.abort();
      },
      onToken: (tokens: readonly unknown[]) => {
        completionTokens += tokens.length;
      },
    };
    const finish = (text: string, reason: string): GenerateResult =>
      cut === null
        ? { text, stopReason: mapStopReason(reason, capped), promptTokens, completionTokens }
        : { text: text.slice(0, cut).trimEnd(), stopReason: 'loop', promptTokens, completionTokens };
    if (history !== null) {
      const res = await slot.chat.generateResponse(history, { ...common, grammar });
      return finish(res.response, res.metadata.stopReason);
    }
    const completion = new LlamaCompletion({ contextSequence: slot.sequence });
    try {
      const res = await completion.generateCompletionWithMeta(request.prompt ?? '', { ...common, grammar });
      return finish(res.response, res.metadata.stopReason);
    } finally {
      completion.dispose({ disposeSequence: false });
    }
  }

  countTokens({ modelId, texts, chat }: RuntimeRequests['countTokens']['req']): RuntimeRequests['countTokens']['res'] {
    const entry = this.loaded(modelId);
    const counts = texts.map((t) => entry.model.tokenize(t).length);
    return { counts, chat: chat === undefined ? null : chatTokens(entry, toHistory(chat)) };
  }

  private encoderContextSize(entry: Loaded): number {
    return Math.min(entry.model.trainContextSize, MAX_ENCODER_CONTEXT);
  }

  async embed({ modelId, texts }: RuntimeRequests['embed']['req']): Promise<RuntimeRequests['embed']['res']> {
    const entry = this.loaded(modelId);
    const size = this.encoderContextSize(entry);
    entry.embedding ??= entry.model.createEmbeddingContext({
      contextSize: size,
      batchSize: size,
      threads: this.threads,
    });
    const context = await entry.embedding;
    const vectors: Float32Array[] = [];
    let truncated = 0;
    for (const text of texts) {
      let tokens = entry.model.tokenize(text);
      // Room for the begin/end tokens the embedding context adds, and the one
      // position node-llama-cpp keeps free (measured: 509 of 512 fit, 510 do not).
      if (tokens.length > size - 3) {
        tokens = tokens.slice(0, size - 3);
        truncated += 1;
      }
      const { vector } = await context.getEmbeddingFor(tokens);
      vectors.push(l2normalise(vector));
    }
    return { vectors, truncated };
  }

  async rank({ modelId, query, documents }: RuntimeRequests['rank']['req']): Promise<RuntimeRequests['rank']['res']> {
    const entry = this.loaded(modelId);
    const size = this.encoderContextSize(entry);
    entry.ranking ??= entry.model.createRankingContext({ contextSize: size, batchSize: size, threads: this.threads });
    const context = await entry.ranking;
    // A passage longer than the reranker's context is scored by its best overlapping chunk, not refused.
    return { scores: await context.rankAll(query, documents, { onOverflow: 'maxChunk' }) };
  }

  status(): RuntimeRequests['status']['res'] {
    return {
      loaded: [...this.models.entries()].map(([modelId, e]) => ({
        modelId,
        contexts: e.chats.length + (e.embedding === null ? 0 : 1) + (e.ranking === null ? 0 : 1),
      })),
    };
  }

  async dispose(): Promise<void> {
    for (const id of [...this.models.keys()]) await this.unload(id);
    await this.llama?.dispose();
  }
}
