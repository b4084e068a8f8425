import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ownerAlive, THIS_PROCESS } from '../../../electron/core/platform/processOwner.js';

describe('the process that owns a job or run', () => {
  it('is alive while its process is, and only this process under this pid', () => {
    expect(ownerAlive(THIS_PROCESS.pid, THIS_PROCESS.token)).toBe(true);
    // An earlier process that had this pid.
    expect(ownerAlive(THIS_PROCESS.pid, 'an-earlier-process')).toBe(false);
    // Rows written before owners were recorded.
    expect(ownerAlive(null, null)).toBe(false);
    expect(ownerAlive(process.ppid, 'the-parent')).toBe(true);
    const ended = spawnSync(process.execPath, ['-e', '0']);
    expect(ended.status).toBe(0);
    expect(ownerAlive(ended.pid!, 'a-finished-process')).toBe(false);
  });
});
