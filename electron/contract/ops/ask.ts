import type { op } from './define.js';

/** Operations of the ask concern (filled in by its issue). */
export const askOps = {} satisfies Record<string, ReturnType<typeof op>>;
