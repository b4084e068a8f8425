import type { ServerKind } from '../../../contract/ops/servers.js';
import type { ServerClient } from './serverClient.js';

/** A model as /v1/models lists it, with what the server tells of it beyond the OpenAI fields. */
export interface ListedModel {
  id: string;
  ownedBy: string | null;
  contextLength: number | null;
  parameters: number | null;
  sizeBytes: number | null;
}

interface ModelList {
  data?: {
    id?: unknown;
    owned_by?: unknown;
    max_model_len?: unknown;
    meta?: { n_ctx_train?: unknown; n_params?: unknown; size?: unknown } | null;
  }[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** The server's models (GET /v1/models); a body that is not a model list says the address is not such a server. */
export async function listServedModels(client: ServerClient, signal?: AbortSignal): Promise<ListedModel[]> {
  const list = await client.json<ModelList>('models', undefined, { signal });
  if (!Array.isArray(list.data))
    throw new Error(`${client.endpoint.base}/models did not answer with a model list: is it an OpenAI-compatible API?`);
  return list.data
    .filter((m) => typeof m.id === 'string')
    .map((m) => ({
      id: m.id as string,
      ownedBy: typeof m.owned_by === 'string' ? m.owned_by : null,
      contextLength: num(m.max_model_len) ?? num(m.meta?.n_ctx_train),
      parameters: num(m.meta?.n_params),
      sizeBytes: num(m.meta?.size),
    }));
}

/** What answers, from how it fills owned_by (llama-server "llamacpp", vLLM "vllm", LM Studio "organization_owner"). */
export function serverKind(models: readonly ListedModel[]): ServerKind {
  const owners = new Set(models.map((m) => m.ownedBy?.toLowerCase()));
  if (owners.has('llamacpp')) return 'llama.cpp';
  if (owners.has('vllm')) return 'vllm';
  if (owners.has('organization_owner')) return 'lm-studio';
  if (owners.has('library') || owners.has('ollama')) return 'ollama';
  return 'openai-compatible';
}

/**
 * The context a llama.cpp server gives each request (its slot's n_ctx, which the command line may set below the
 * model's own); null when the server does not say.
 */
export async function llamaCppContext(client: ServerClient, signal?: AbortSignal): Promise<number | null> {
  try {
    const props = await client.json<{ default_generation_settings?: { n_ctx?: unknown }; n_ctx?: unknown }>(
      '/props',
      undefined,
      { signal },
    );
    return num(props.default_generation_settings?.n_ctx) ?? num(props.n_ctx);
  } catch {
    return null;
  }
}
