import type { op } from './define.js';

/** Operations of the library concern (filled in by its issue). */
export const libraryOps = {} satisfies Record<string, ReturnType<typeof op>>;
