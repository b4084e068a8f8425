import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { Core } from '../../../electron/core/core.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { startCli, withDatabase } from '../library/cliProcess.js';

const QUESTIONS = 200;

/** Polls until `read` returns a value (the other process's row appears). */
async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('evaluation runs and jobs of another process', () => {
  it(
    'stay running while that process lives when a second core opens the library, and fail as interrupted once it is killed',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const setup = Core.open({ libraryDir: dir, mode: 'cli' });
      const setId = unwrap(await setup.invoke('eval.sets.create', { name: 'long' })).setId;
      unwrap(
        await setup.invoke('eval.items.add', {
          setId,
          items: Array.from({ length: QUESTIONS }, (_, i) => ({
            question: `Question number ${i + 1}?`,
            expected: 'Paris',
          })),
        }),
      );
      await setup.close();
      // The tiny base model never ends early: each answer runs to the cap, and 200 of them last while the test looks.
      const model = writeTinyLlama(path.join(dir, 'tiny.gguf'), { contextLength: 2048 });
      const cli = startCli(dir, [
        'eval',
        'run',
        'long',
        '--model',
        model,
        '--retrieval',
        'off',
        '--max-tokens',
        '8',
        '--json',
      ]);
      try {
        const runId = await until(
          () =>
            withDatabase(
              dir,
              (db) =>
                (
                  db
                    .prepare(
                      `SELECT r.id FROM eval_runs r JOIN eval_results x ON x.run_id = r.id WHERE r.state = 'running' LIMIT 1`,
                    )
                    .get() as { id: string } | undefined
                )?.id,
            ),
          'the CLI to score its first answer',
        );

        // A second core (another CLI command, the app) opens the library while the run goes on: it is left alone.
        const second = Core.open({ libraryDir: dir, mode: 'cli' });
        const seen = unwrap(await second.invoke('eval.runs.get', { runId }));
        expect(seen).toMatchObject({ state: 'running', error: null, finishedAt: null });
        expect(second.database.prepare('SELECT state FROM jobs WHERE id = ?').get(seen.jobId)).toEqual({
          state: 'running',
        });
        expect(await second.invoke('eval.runs.delete', { runId })).toMatchObject({
          ok: false,
          error: { code: 'CONFLICT', message: expect.stringMatching(/still going: cancel it first/) },
        });
        await second.close();
        expect(withDatabase(dir, (db) => db.prepare('SELECT state FROM eval_runs WHERE id = ?').get(runId))).toEqual({
          state: 'running',
        });

        cli.child.kill('SIGKILL');
        expect((await cli.done).signal).toBe('SIGKILL');
        const third = Core.open({ libraryDir: dir, mode: 'cli' });
        const after = unwrap(await third.invoke('eval.runs.get', { runId }));
        expect(after.state).toBe('failed');
        expect(after.error).toBe(
          `interrupted: the Scholium process running this evaluation (pid ${cli.child.pid}) stopped before it finished; the answers it scored are kept`,
        );
        expect(after.finishedAt).not.toBeNull();
        expect(after.results.length).toBeGreaterThan(0);
        expect(after.results.length).toBeLessThan(QUESTIONS);
        expect(third.database.prepare('SELECT state, error FROM jobs WHERE id = ?').get(after.jobId)).toEqual({
          state: 'failed',
          error: `interrupted: the Scholium process running this job (pid ${cli.child.pid}) stopped before it finished`,
        });
        expect(unwrap(await third.invoke('eval.runs.delete', { runId }))).toEqual({ deleted: true });
        await third.close();
      } finally {
        cli.child.kill('SIGKILL');
      }
    },
  );
});
