import type { op } from './define.js';

/** Operations of the models concern (filled in by its issue). */
export const modelOps = {} satisfies Record<string, ReturnType<typeof op>>;
