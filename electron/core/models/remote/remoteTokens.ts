import type { ServerKind } from '../../../contract/ops/servers.js';
import { ScholiumError } from '../../../contract/index.js';
import type { ChatTurn } from '../runtime/protocol.js';
import type { ServerClient } from './serverClient.js';

/**
 * Tokens of a text as a server that cannot count them would have: about 4 characters a token in English, so 3 errs
 * on the side of a prompt that fits.
 */
const estimate = (text: string): number => Math.ceil(text.length / 3);
/** A chat template's tokens around each turn (role markers), where the server cannot say. */
const TURN_OVERHEAD = 8;

/**
 * Tokens of each text for a server's model, to fit prompts into its context: llama.cpp's and vLLM's /tokenize count
 * them exactly; other servers have no such endpoint, and a generous estimate stands in.
 */
export async function countRemoteTokens(
  client: ServerClient,
  kind: ServerKind,
  model: string,
  texts: readonly string[],
): Promise<number[]> {
  const counts: number[] = [];
  for (const text of texts) {
    if (kind === 'llama.cpp') {
      const r = await client.json<{ tokens?: unknown[] }>('/tokenize', { content: text, add_special: false });
      counts.push(r.tokens?.length ?? estimate(text));
    } else if (kind === 'vllm') {
      const r = await client.json<{ count?: number }>('/tokenize', {
        model,
        prompt: text,
        add_special_tokens: false,
      });
      counts.push(r.count ?? estimate(text));
    } else counts.push(estimate(text));
  }
  return counts;
}

/** Tokens of a whole chat prompt with the model's template, as the server will build it. */
export async function countRemoteChatTokens(
  client: ServerClient,
  kind: ServerKind,
  model: string,
  messages: readonly ChatTurn[],
): Promise<number> {
  if (kind === 'llama.cpp') {
    const { prompt } = await client.json<{ prompt?: string }>('/apply-template', { messages });
    if (typeof prompt === 'string') {
      const r = await client.json<{ tokens?: unknown[] }>('/tokenize', { content: prompt, add_special: true });
      if (Array.isArray(r.tokens)) return r.tokens.length;
    }
  } else if (kind === 'vllm') {
    const r = await client.json<{ count?: number }>('/tokenize', { model, messages });
    if (typeof r.count === 'number') return r.count;
  }
  return messages.reduce((sum, m) => sum + estimate(m.content) + TURN_OVERHEAD, 0);
}

interface EmbeddingList {
  data?: { index?: number; embedding?: unknown }[];
}

/** One L2-normalised vector per text, in order, from the server's /embeddings. */
export async function embedRemote(
  client: ServerClient,
  model: string,
  texts: readonly string[],
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  const r = await client.json<EmbeddingList>(
    'embeddings',
    { model, input: texts, encoding_format: 'float' },
    { signal, model },
  );
  const rows = [...(r.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  if (rows.length !== texts.length || rows.some((row) => !Array.isArray(row.embedding)))
    throw new ScholiumError(
      'MODEL_SERVER',
      `The model server ${client.endpoint.name} (${client.endpoint.base}) returned ${rows.length} embeddings for ${texts.length} texts.`,
    );
  return rows.map((row) => {
    const v = Float32Array.from(row.embedding as number[]);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < v.length; i += 1) v[i] = v[i]! / norm;
    return v;
  });
}
