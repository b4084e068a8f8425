import type { ChatTurn, Sampling, StopReason } from './runtime/protocol.js';

/** Tokens an answer may take unless the caller says otherwise. */
export const DEFAULT_MAX_TOKENS = 512;

export interface AdapterUse {
  id: string;
  scale: number;
}

export interface GenerateOptions {
  /** Default: the chat default. */
  modelId?: string;
  adapters?: readonly AdapterUse[];
  /** Chat messages (the model's own chat template is applied) or, instead, a raw prompt. */
  messages?: readonly ChatTurn[];
  prompt?: string;
  maxTokens?: number;
  /** 0 (the default) is greedy and reproducible. */
  temperature?: number;
  seed?: number;
  sampling?: Sampling;
  /** A GBNF grammar the output must match. */
  grammar?: string;
  /** End the output when it starts repeating itself (stop reason `loop`, the repeat cut off). */
  stopOnLoop?: boolean;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
}

export interface GenerationResult {
  text: string;
  stopReason: StopReason;
  /** What produced the answer, to record with it. */
  model: { id: string; name: string };
  adapters: { id: string; name: string; scale: number }[];
  tokens: { prompt: number; completion: number };
  /** Why the text ends early when a model server's connection dropped midway (stop reason `cutOff`). */
  cutOff: string | null;
}

/** What a generation asks of any runtime, local or remote, with the defaults filled in. */
export function generationRequest(options: GenerateOptions) {
  return {
    prompt: options.prompt,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: options.temperature ?? 0,
    seed: options.seed,
    sampling: options.sampling,
    grammar: options.grammar,
    stopOnLoop: options.stopOnLoop,
  };
}
