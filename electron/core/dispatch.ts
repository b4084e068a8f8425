import {
  describeZodError,
  isOpName,
  operations,
  ScholiumError,
  type ApiError,
  type OpName,
  type OpOutput,
  type OpParsedInput,
  type Result,
  type ScholiumEvent,
} from '../contract/index.js';
import { damaged } from './db/damage.js';

/** What a handler knows about its caller: where to send events meant for it alone. */
export interface CallContext {
  emit(event: ScholiumEvent): void;
  signal: AbortSignal;
}

export type Handler<K extends OpName> = (
  input: OpParsedInput<K>,
  ctx: CallContext,
) => Promise<OpOutput<K>> | OpOutput<K>;
export type Handlers = { [K in OpName]: Handler<K> };
/** The handlers of one concern: exactly the operations it declared in the contract. */
export type HandlersFor<Ops> = { [K in Extract<keyof Ops, OpName>]: Handler<K> };

/** Turns anything thrown into the contract's error shape without leaking stack traces. */
export function toApiError(thrown: unknown): ApiError {
  const error = damaged(thrown);
  if (error instanceof ScholiumError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/**
 * The boundary every transport goes through: unknown operations and malformed
 * payloads are refused here with a readable error, before any handler runs.
 */
export async function dispatch(
  handlers: Handlers,
  op: unknown,
  payload: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isOpName(op)) {
    return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation ${JSON.stringify(op)}.` } };
  }
  const spec = operations[op];
  const parsed = spec.input.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'INVALID_REQUEST', message: `Invalid payload for ${op}: ${describeZodError(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[op] as (input: unknown, ctx: CallContext) => unknown;
    const value = await handler(parsed.data, ctx);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `${op} produced an invalid result: ${describeZodError(checked.error)}` },
      };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
