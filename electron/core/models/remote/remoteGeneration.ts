import type { ServerKind } from '../../../contract/ops/servers.js';
import { ScholiumError } from '../../../contract/index.js';
import { LoopDetector } from '../runtime/loopDetector.js';
import type { ChatTurn, Sampling, StopReason } from '../runtime/protocol.js';
import { StreamCut, type ServerClient } from './serverClient.js';

export interface RemoteRequest {
  /** The name the server knows the model by. */
  model: string;
  messages?: readonly ChatTurn[];
  prompt?: string;
  maxTokens: number;
  temperature: number;
  seed?: number;
  sampling?: Sampling;
  grammar?: string;
  stopOnLoop?: boolean;
}

export interface RemoteResult {
  text: string;
  stopReason: StopReason;
  promptTokens: number;
  completionTokens: number;
  /** Why the answer ends early when the server or the connection failed midway (stop reason `cutOff`). */
  cutOff: string | null;
}

interface StreamChunk {
  choices?: { delta?: { content?: string | null }; text?: string; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** Whether the server holds the output to a GBNF grammar, and under which field. */
export function grammarField(kind: ServerKind): string | null {
  if (kind === 'llama.cpp') return 'grammar';
  // vLLM reads GBNF through xgrammar.
  if (kind === 'vllm') return 'guided_grammar';
  return null;
}

/**
 * The request body: the OpenAI fields every compatible server reads, and the sampler fields of llama.cpp or vLLM where
 * the server is one (others ignore or refuse unknown fields, so they get none).
 */
export function requestBody(kind: ServerKind, request: RemoteRequest): Record<string, unknown> {
  const { sampling = {}, grammar } = request;
  const body: Record<string, unknown> = {
    model: request.model,
    ...(request.messages === undefined ? { prompt: request.prompt } : { messages: request.messages }),
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    stream: true,
    stream_options: { include_usage: true },
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(sampling.topP === undefined ? {} : { top_p: sampling.topP }),
    ...(sampling.repeatPenalty?.frequencyPenalty === undefined
      ? {}
      : { frequency_penalty: sampling.repeatPenalty.frequencyPenalty }),
    ...(sampling.repeatPenalty?.presencePenalty === undefined
      ? {}
      : { presence_penalty: sampling.repeatPenalty.presencePenalty }),
  };
  const field = grammarField(kind);
  if (grammar !== undefined && field !== null) body[field] = grammar;
  if (kind === 'llama.cpp') {
    Object.assign(body, {
      ...(sampling.topK === undefined ? {} : { top_k: sampling.topK }),
      ...(sampling.minP === undefined ? {} : { min_p: sampling.minP }),
      ...(sampling.repeatPenalty === undefined
        ? {}
        : { repeat_penalty: sampling.repeatPenalty.penalty, repeat_last_n: sampling.repeatPenalty.lastTokens ?? 64 }),
      ...(sampling.dry === undefined
        ? {}
        : {
            dry_multiplier: sampling.dry.strength,
            dry_allowed_length: sampling.dry.allowedLength ?? 2,
            dry_penalty_last_n: sampling.dry.lastTokens ?? -1,
          }),
    });
  } else if (kind === 'vllm') {
    Object.assign(body, {
      ...(sampling.topK === undefined ? {} : { top_k: sampling.topK }),
      ...(sampling.minP === undefined ? {} : { min_p: sampling.minP }),
      ...(sampling.repeatPenalty === undefined ? {} : { repetition_penalty: sampling.repeatPenalty.penalty }),
    });
  }
  return body;
}

const FINISH: Record<string, StopReason> = { stop: 'eos', length: 'maxTokens', eos: 'eos' };

/**
 * Streams one answer from the server: chat messages through /chat/completions (the server applies the model's
 * template), a raw prompt through /completions. Stop keeps the text so far (`aborted`), a loop cuts the repeat
 * (`loop`), and a connection that drops after the first token keeps the text so far as `cutOff`, with the reason.
 */
export async function generateRemote(
  client: ServerClient,
  kind: ServerKind,
  request: RemoteRequest,
  options: { signal?: AbortSignal; onToken?: (text: string) => void },
): Promise<RemoteResult> {
  const looped = new AbortController();
  const detector = request.stopOnLoop === true ? new LoopDetector() : null;
  // One object, as the stream's callback writes it and TypeScript does not follow writes made in a callback.
  const state = { text: '', cut: null as number | null, finish: null as string | null, pieces: 0 };
  const usage = { prompt: 0, completion: 0 };
  const signal = options.signal === undefined ? looped.signal : AbortSignal.any([options.signal, looped.signal]);
  const end = (stopReason: StopReason, cutOff: string | null = null): RemoteResult => ({
    text: state.cut === null ? state.text : state.text.slice(0, state.cut).trimEnd(),
    stopReason,
    promptTokens: usage.prompt,
    completionTokens: usage.completion || state.pieces,
    cutOff,
  });
  try {
    await client.stream(
      request.messages === undefined ? 'completions' : 'chat/completions',
      requestBody(kind, request),
      (data) => {
        const chunk = data as StreamChunk;
        if (chunk.usage?.prompt_tokens !== undefined) usage.prompt = chunk.usage.prompt_tokens;
        if (chunk.usage?.completion_tokens !== undefined) usage.completion = chunk.usage.completion_tokens;
        const choice = chunk.choices?.[0];
        if (choice === undefined) return;
        state.finish = choice.finish_reason ?? state.finish;
        const piece = choice.delta?.content ?? choice.text ?? '';
        if (piece === '' || state.cut !== null) return;
        state.text += piece;
        state.pieces += 1;
        options.onToken?.(piece);
        state.cut = detector?.push(piece) ?? null;
        if (state.cut !== null) looped.abort();
      },
      { signal, model: request.model },
    );
  } catch (error) {
    if (state.cut !== null) return end('loop');
    if (options.signal?.aborted === true) return end('aborted');
    // Cut midway: what was written stands and is marked; before the first token there is no answer to keep.
    if (error instanceof StreamCut && state.text !== '') return end('cutOff', error.message);
    throw error;
  }
  if (state.cut !== null) return end('loop');
  if (state.finish === null)
    return state.text === ''
      ? Promise.reject(
          new ScholiumError(
            'MODEL_SERVER',
            `The model server ${client.endpoint.name} (${client.endpoint.base}) ended its answer before writing anything.`,
          ),
        )
      : end(
          'cutOff',
          `The model server ${client.endpoint.name} (${client.endpoint.base}) ended the stream without finishing the answer, so it is cut off there.`,
        );
  return end(FINISH[state.finish] ?? 'eos');
}
