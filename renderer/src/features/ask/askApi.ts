import type { z } from 'zod';
import type { Result } from '../../../../electron/contract/index.js';
import type { askOps } from '../../../../electron/contract/ops/ask.js';
import type { ApiClient } from '../../api/client.js';

type AskOps = typeof askOps;
export type AskOpName = keyof AskOps;
export type AskInput<K extends AskOpName> = z.input<AskOps[K]['input']>;
export type AskOutput<K extends AskOpName> = z.output<AskOps[K]['output']>;

/**
 * The ask operations, typed from `contract/ops/ask.ts`. They join the one
 * operations map when the ask service lands; until then the transport takes
 * any op name and the core answers UNKNOWN_OPERATION, which the view shows.
 */
export function invokeAsk<K extends AskOpName>(api: ApiClient, op: K, payload: AskInput<K>): Promise<Result<AskOutput<K>>> {
  const untyped = api.invoke as unknown as (op: string, payload: unknown) => Promise<Result<unknown>>;
  return untyped.call(api, op, payload) as Promise<Result<AskOutput<K>>>;
}
