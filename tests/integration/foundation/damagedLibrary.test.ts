import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { runCli } from '../library/cliProcess.js';

const RESTORE_HINT = 'Restore a backup with "scholium restore FILE"';

describe('a damaged library database', () => {
  it('is named as damaged, with the way out, by every command (doctor too) instead of an unexpected error', async () => {
    const garbage = tempDir();
    fs.writeFileSync(path.join(garbage, 'library.sqlite'), Buffer.alloc(8192, 0x5a));
    const notADatabase = await runCli(garbage, ['papers']);
    expect(notADatabase.code).toBe(1);
    expect(notADatabase.stderr).toContain(`library.sqlite is damaged (file is not a database). ${RESTORE_HINT}`);

    const overwritten = tempDir();
    expect((await runCli(overwritten, ['papers'])).code).toBe(0);
    const file = path.join(overwritten, 'library.sqlite');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(16 * 1024, 0x5a), 0, 16 * 1024, 8192);
    fs.closeSync(fd);
    for (const command of ['papers', 'doctor']) {
      const r = await runCli(overwritten, [command]);
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toMatch(/is damaged \(database disk image is malformed\)/);
      expect(r.stderr, command).toContain(RESTORE_HINT);
      expect(r.stderr, command).not.toContain('Unexpected error');
    }
  });
});
