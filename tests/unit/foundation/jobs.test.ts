import { describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import type { JobEvent } from '../../../electron/contract/index.js';
import { tempDir } from '../../helpers/tempLibrary.js';

describe('jobs', () => {
  it('reports progress, finishes, and can be cancelled', async () => {
    const core = Core.open({ libraryDir: tempDir(), mode: 'cli' });
    const events: JobEvent[] = [];
    core.jobs.onEvent((e) => events.push(e));
    const quick = core.jobs.start('test', 'count to 3', {}, async (ctx) => {
      for (let i = 1; i <= 3; i += 1) ctx.progress(i, 3, `step ${i}`);
    });
    expect((await core.jobs.wait(quick.jobId)).state).toBe('done');
    expect(events.filter((e) => e.jobId === quick.jobId).map((e) => [e.type, e.job.done])).toEqual([
      ['progress', 0],
      ['progress', 1],
      ['progress', 2],
      ['progress', 3],
      ['done', 3],
    ]);

    const slow = core.jobs.start(
      'test',
      'wait for cancel',
      {},
      (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
    );
    const cancelled = await core.invoke('jobs.cancel', { jobId: slow.jobId });
    expect(cancelled).toEqual({ ok: true, value: { cancelled: true } });
    const end = await core.jobs.wait(slow.jobId);
    expect(end.state).toBe('cancelled');
    await core.close();
  });

  it('marks a job left running by an earlier process that had this pid as interrupted', async () => {
    const dir = tempDir();
    const first = Core.open({ libraryDir: dir, mode: 'cli' });
    first.jobs.start('test', 'never ends', {}, () => new Promise(() => undefined));
    // Simulate a crash of an earlier process with the same pid (pids are reused): its token is not this process's.
    first.database.prepare(`UPDATE jobs SET owner_token = 'an-earlier-process'`).run();
    (first as unknown as { library: { close(): void } }).library.close();
    const second = Core.open({ libraryDir: dir, mode: 'cli' });
    const row = second.database.prepare(`SELECT state, error FROM jobs`).get() as { state: string; error: string };
    expect(row.state).toBe('failed');
    expect(row.error).toBe(
      `interrupted: the Scholium process running this job (pid ${process.pid}) stopped before it finished`,
    );
    await second.close();
  });
});
