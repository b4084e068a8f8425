import type { JobRate } from '../../contract/index.js';

/** Too little measured to say: less time than this (ms), or nothing done yet. */
const MIN_MS = 2_000;

/**
 * The rate of a job whose units all cost about the same (an embedding job's passages): units per second since it
 * started, and the units left at that pace.
 */
export function steadyRate(unit: JobRate['unit'], done: number, left: number, elapsedMs: number): JobRate {
  const perSecond = done === 0 || elapsedMs < MIN_MS ? null : done / (elapsedMs / 1000);
  return { unit, done, perSecond, ocr: null, remainingSeconds: perSecond === null ? null : left / perSecond };
}
