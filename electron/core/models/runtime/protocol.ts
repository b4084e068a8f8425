/**
 * The messages between the core and the model runtime process. Requests carry
 * an id; the runtime answers each with one reply carrying the same id, and
 * streams tokens as events with that id before it. Plain data only (it
 * travels by structured clone), so the same protocol works over
 * child_process IPC and Electron's utilityProcess port.
 */
import type { ApiError } from '../../../contract/index.js';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface AdapterApplication {
  /** Registry id, recorded in results. */
  id: string;
  file: string;
  scale: number;
}

export interface LoadRequest {
  modelId: string;
  file: string;
  /** Chat context size in tokens (the runtime never shifts or truncates the prompt to fit). */
  contextSize: number;
}

/** How tokens are drawn beyond temperature: llama.cpp's samplers and repetition penalties. */
export interface Sampling {
  topK?: number;
  topP?: number;
  minP?: number;
  /**
   * llama.cpp's repeat penalty over the last `lastTokens` generated tokens. Tokens that are only digits, brackets
   * and punctuation are never punished: citation markers recur by design.
   */
  repeatPenalty?: { penalty: number; frequencyPenalty?: number; presencePenalty?: number; lastTokens?: number };
  /** DRY ("don't repeat yourself"): penalises extending a token run that already occurred in the answer. */
  dry?: { strength: number; allowedLength?: number; lastTokens?: number };
}

export interface GenerateRequest {
  modelId: string;
  adapters: AdapterApplication[];
  /** Chat messages (the model's own template is applied) or a raw prompt. */
  messages?: ChatTurn[];
  prompt?: string;
  maxTokens: number;
  temperature: number;
  seed?: number;
  sampling?: Sampling;
  /** A GBNF grammar the answer must match (llama.cpp's grammar syntax, root rule `root`). */
  grammar?: string;
  /** End the answer when it starts repeating itself (stop reason `loop`); the repeat is cut from the text. */
  stopOnLoop?: boolean;
  /** Send the text as it is generated; off when nobody listens, so no message crosses per token. */
  stream: boolean;
}

/** `cutOff`: a model server's connection dropped midway; the text so far is kept. */
export type StopReason = 'eos' | 'maxTokens' | 'aborted' | 'stopTrigger' | 'contextFull' | 'loop' | 'cutOff';

export interface GenerateResult {
  text: string;
  stopReason: StopReason;
  promptTokens: number;
  completionTokens: number;
}

export interface RuntimeRequests {
  init: { req: { threads: number; gpu: 'auto' | false }; res: { backend: string; threads: number } };
  load: { req: LoadRequest; res: { contextSize: number; trainContextSize: number; embeddingLength: number } };
  unload: { req: { modelId: string }; res: { unloaded: boolean } };
  generate: { req: GenerateRequest; res: GenerateResult };
  /** Stops the generation with request id `target`; its reply then carries the partial text. */
  abort: { req: { target: number }; res: { aborted: boolean } };
  countTokens: {
    req: { modelId: string; texts: string[]; chat?: ChatTurn[] };
    res: { counts: number[]; chat: number | null };
  };
  embed: { req: { modelId: string; texts: string[] }; res: { vectors: Float32Array[]; truncated: number } };
  rank: { req: { modelId: string; query: string; documents: string[] }; res: { scores: number[] } };
  status: { req: Record<string, never>; res: { loaded: { modelId: string; contexts: number }[] } };
  shutdown: { req: Record<string, never>; res: { ok: true } };
}
export type RuntimeRequestType = keyof RuntimeRequests;

export type RequestMessage = {
  [K in RuntimeRequestType]: { id: number; type: K; payload: RuntimeRequests[K]['req'] };
}[RuntimeRequestType];

export type RuntimeMessage =
  | { kind: 'ready'; pid: number }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: ApiError }
  | { kind: 'token'; id: number; text: string };
