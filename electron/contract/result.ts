import { z } from 'zod';

/** Every error that crosses a process boundary carries one of these codes. */
export const errorCodes = [
  'INVALID_REQUEST',
  'UNKNOWN_OPERATION',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'IO_ERROR',
  'LIBRARY_TOO_NEW',
  'LIBRARY_UNWRITABLE',
  'UNSUPPORTED',
  /** A model or adapter file that is malformed, or does not fit the model it is meant for. */
  'INVALID_MODEL',
  /** The model runtime process failed (crashed, timed out); it is restarted on the next request. */
  'MODEL_RUNTIME',
  /** An inference server the user configured failed: unreachable, refused the key, busy, or dropped an answer. */
  'MODEL_SERVER',
  'INTERNAL',
] as const;
export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error a handler throws on purpose; its message is written for the user. */
export class ScholiumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScholiumError';
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Turns a zod failure into one readable line per problem, naming the field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'payload';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
