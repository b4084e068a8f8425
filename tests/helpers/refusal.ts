import { expect } from 'vitest';
import { ScholiumError } from '../../electron/contract/index.js';

/** The ScholiumError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function refusal(promise: Promise<unknown>): Promise<ScholiumError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScholiumError);
  return error as ScholiumError;
}
