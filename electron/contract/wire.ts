import { z } from 'zod';
import { ApiErrorSchema } from './result.js';
import { ScholiumEventSchema } from './events.js';

/** Messages on the host's WebSocket and on the main⇄core process channel. */
export const InvokeMessageSchema = z.object({
  kind: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  op: z.string(),
  payload: z.unknown(),
});
export type InvokeMessage = z.infer<typeof InvokeMessageSchema>;

export const ResultMessageSchema = z.object({
  kind: z.literal('result'),
  id: z.number().int().nonnegative(),
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: ApiErrorSchema }),
  ]),
});
export type ResultMessage = z.infer<typeof ResultMessageSchema>;

export const EventMessageSchema = z.object({ kind: z.literal('event'), event: ScholiumEventSchema });
export type EventMessage = z.infer<typeof EventMessageSchema>;

/** A message the server could not read at all (not JSON, no id): answered once, connection kept. */
export const ProtocolErrorMessageSchema = z.object({ kind: z.literal('protocol-error'), error: ApiErrorSchema });
export type ProtocolErrorMessage = z.infer<typeof ProtocolErrorMessageSchema>;

export const ServerMessageSchema = z.union([ResultMessageSchema, EventMessageSchema, ProtocolErrorMessageSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** The WebSocket path of the host's API; the token rides in its query string. */
export const API_PATH = '/api';
export const TOKEN_PARAM = 'token';
/** ipc channel names used between preload and Electron main. */
export const IPC_INVOKE = 'scholium:invoke';
export const IPC_EVENT = 'scholium:event';
