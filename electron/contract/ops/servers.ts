import { z } from 'zod';
import { op } from './define.js';
import { ModelInfoSchema } from './models.js';

const ServerId = z.string().min(1).max(200);

/** What kind of server answers: decides how grounded generation is asked for (a grammar where it takes one). */
export const ServerKindSchema = z.enum(['llama.cpp', 'vllm', 'ollama', 'lm-studio', 'openai-compatible']);
export type ServerKind = z.infer<typeof ServerKindSchema>;

export const ServerInfoSchema = z.object({
  serverId: z.string(),
  name: z.string(),
  /** The OpenAI-compatible API's base, e.g. http://gpu-box:8080/v1. */
  url: z.string(),
  kind: ServerKindSchema,
  /** Whether an API key is kept for it (the key itself never leaves the core). */
  hasKey: z.boolean(),
  /** Ids of the registered models that run on it. */
  models: z.array(z.string()),
  addedAt: z.string(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

/** A model the server offers now. */
export const ServedModelSchema = z.object({
  /** The name the server knows it by. */
  model: z.string(),
  ownedBy: z.string().nullable(),
  contextLength: z.number().int().nullable(),
  /** The registered model that uses it, if any. */
  registeredAs: z.string().nullable(),
});
export type ServedModel = z.infer<typeof ServedModelSchema>;

const ServerUrl = z
  .string()
  .trim()
  .min(8)
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// address, e.g. http://gpu-box:8080/v1');

export const serverOps = {
  'servers.list': op(z.object({}).strict(), z.array(ServerInfoSchema), 'Inference servers the user configured.'),
  'servers.add': op(
    z
      .object({
        url: ServerUrl,
        /**
         * Sent as a bearer token; kept in the library folder, readable only by the user. Absent: a server added again
         * keeps its stored key; null: the stored key is removed.
         */
        apiKey: z.string().min(1).max(4096).nullable().optional(),
        name: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    z.object({ server: ServerInfoSchema, models: z.array(ServedModelSchema) }),
    'Configure an OpenAI-compatible inference server (checked by listing its models) and allow the network to reach it, and only it.',
  ),
  'servers.models': op(
    z.object({ serverId: ServerId }).strict(),
    z.array(ServedModelSchema),
    'The models a configured server offers now.',
  ),
  'servers.remove': op(
    z.object({ serverId: ServerId }).strict(),
    z.object({ removed: z.boolean(), models: z.array(z.string()) }),
    'Forget a server, its key and the models registered from it; the network guard closes to it again.',
  ),
  'models.addRemote': op(
    z
      .object({
        serverId: ServerId,
        model: z.string().min(1).max(500),
        role: z.enum(['chat', 'embedding']),
        name: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    ModelInfoSchema,
    'Register a model a configured server offers, as a chat or an embedding model (an embedder is probed for its vector length).',
  ),
} satisfies Record<string, ReturnType<typeof op>>;
