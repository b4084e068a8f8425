import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { Core } from '../../../electron/core/core.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot, startCli, withDatabase } from './cliProcess.js';

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');

describe('an import of another process', () => {
  it.skipIf(!fs.existsSync(scifact))(
    'is running, not interrupted, while that process lives; interrupted once it is killed',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const slice = path.join(tempDir(), 'scifact-3000.jsonl');
      fs.writeFileSync(slice, fs.readFileSync(scifact, 'utf8').split('\n').slice(0, 3000).join('\n'));
      const cli = startCli(dir, ['import', slice, '--json']);
      try {
        let jobId: string | undefined;
        for (let i = 0; i < 600 && jobId === undefined; i += 1) {
          await new Promise((r) => setTimeout(r, 100));
          if (!fs.existsSync(path.join(dir, 'library.sqlite'))) continue;
          jobId = withDatabase(dir, (db) => {
            try {
              const row = db
                .prepare(
                  `SELECT job_id AS jobId FROM import_jobs WHERE state = 'running' AND EXISTS (SELECT 1 FROM papers)`,
                )
                .get() as { jobId: string } | undefined;
              return row?.jobId;
            } catch {
              return undefined; // the schema is still being made
            }
          });
        }
        expect(jobId, 'the CLI to import its first documents').toBeDefined();

        // Another core (the app starting, another CLI command) opens the library meanwhile: the import is the CLI's,
        // still going.
        const second = Core.open({ libraryDir: dir, mode: 'cli' });
        expect(unwrap(await second.invoke('library.importReport', { jobId: jobId! })).state).toBe('running');
        await second.close();

        cli.child.kill('SIGKILL');
        await cli.done;
        const third = Core.open({ libraryDir: dir, mode: 'cli' });
        const after = unwrap(await third.invoke('library.importReport', { jobId: jobId! }));
        expect(after.state).toBe('interrupted');
        expect(after.pending).toBeGreaterThan(0);
        await third.close();
      } finally {
        cli.child.kill('SIGKILL');
      }
    },
  );
});
