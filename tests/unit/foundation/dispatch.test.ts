import { describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { tempDir } from '../../helpers/tempLibrary.js';

describe('the contract boundary', () => {
  it('answers a valid call with {ok: true, value}', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'cli' });
    const result = await core.invoke('app.info', {});
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'Scholium', mode: 'cli', schemaVersion: expect.any(Number) },
    });
    await core.close();
  });

  it('refuses an unknown operation by name', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'cli' });
    const result = await core.invokeRaw('library.dropEverything', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_OPERATION', message: 'Unknown operation "library.dropEverything".' },
    });
    await core.close();
  });

  it('refuses a malformed payload and names the field', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'cli' });
    const result = await core.invokeRaw('jobs.cancel', { jobId: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_REQUEST');
      expect(result.error.message).toMatch(/^Invalid payload for jobs\.cancel: jobId: /);
    }
    const extra = await core.invokeRaw('app.info', { sneaky: true });
    expect(extra.ok).toBe(false);
    await core.close();
  });

  it('turns a handler error into a coded error and keeps serving', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'cli' });
    const missing = await core.invoke('jobs.cancel', { jobId: 'nope' });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No job with id nope in this session.' },
    });
    expect((await core.invoke('jobs.list', {})).ok).toBe(true);
    await core.close();
  });
});
