import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
// Imported after tempLibrary: after-hooks run last-registered first, so the cores close before their folders are
// removed.
import { tempDir } from '../../helpers/tempLibrary.js';
import { bootCore as boot, closeCore } from '../../helpers/hostCore.js';

describe('model runtime settings (Settings view: threads, GPU use)', () => {
  it('start automatic, are kept in the library, and apply when Scholium next starts', async () => {
    const dir = tempDir();
    const first = boot(dir);
    const automatic = unwrap(await first.invoke('models.status', {})).threads;
    expect(unwrap(await first.invoke('app.settings', {}))).toEqual({ threads: null, gpu: true, restartNeeded: false });
    expect(unwrap(await first.invoke('app.updateSettings', { threads: 1, gpu: false }))).toEqual({
      threads: 1,
      gpu: false,
      restartNeeded: true,
    });
    expect(unwrap(await first.invoke('models.status', {})).threads).toBe(automatic);
    await closeCore(first);

    const second = boot(dir);
    expect(unwrap(await second.invoke('app.settings', {}))).toEqual({ threads: 1, gpu: false, restartNeeded: false });
    expect(unwrap(await second.invoke('models.status', {})).threads).toBe(1);
    // Back to automatic: only threads changes, GPU stays off.
    expect(unwrap(await second.invoke('app.updateSettings', { threads: null }))).toEqual({
      threads: null,
      gpu: false,
      restartNeeded: true,
    });
  });

  it('refuses thread counts that are not a positive whole number, changing nothing', async () => {
    const core = boot(tempDir());
    for (const threads of [0, -2, 1.5, 'four']) {
      const r = await core.invoke('app.updateSettings', { threads } as never);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('threads') });
    }
    expect(unwrap(await core.invoke('app.settings', {}))).toEqual({ threads: null, gpu: true, restartNeeded: false });
  });
});
