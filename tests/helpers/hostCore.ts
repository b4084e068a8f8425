import { afterEach } from 'vitest';
import { Core } from '../../electron/core/core.js';

const open: Core[] = [];

/** A core opened as the app's host opens it, closed after the test. */
export function bootCore(libraryDir: string): Core {
  const core = Core.open({ libraryDir, mode: 'host' });
  open.push(core);
  return core;
}

/** Closes a core now, so the test can open its library again as the next start would. */
export async function closeCore(core: Core): Promise<void> {
  open.splice(open.indexOf(core), 1);
  await core.close();
}

afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});
