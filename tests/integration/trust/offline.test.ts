import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetworkAttempt } from '../../../electron/core/platform/networkGuard.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot } from '../library/cliProcess.js';

// A whole session (import, embed, ask, serve the UI and use it over loopback)
// in a network namespace with only loopback, under the in-process guard. The
// pass mark is zero non-loopback attempts; the session ends with a control
// attempt that the guard must record, so a guard that records nothing fails.

const corpus = path.resolve(repoRoot, '../shared/corpus');

function namespaceProblem(): string | null {
  if (!fs.existsSync(corpus)) return `the corpus is not at ${corpus}`;
  try {
    execFileSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `this machine does not permit "unshare -n" with "ip link set lo up" (root or user namespaces needed): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}
const problem = namespaceProblem();
if (problem !== null) console.warn(`Offline session test skipped: ${problem}.`);

interface SessionResult {
  imported: { file: string; pages: number; passages: number }[];
  failed: unknown[];
  embedding: { passages: number; embedded: number; modelId: string | null };
  answer: { mode: string; passages: number; model: string | null };
  page: { status: number; html: string };
  viaUi: { kind: string; result: { ok: boolean; value?: unknown[] } };
  attemptsDuringSession: NetworkAttempt[];
  control: { result: string; recorded: NetworkAttempt[] };
}

describe.skipIf(problem !== null)('offline, proven', () => {
  it('runs a whole session with only loopback and makes no outbound attempt', () => {
    const work = tempDir('scholium-offline-');
    const script = path.join(repoRoot, 'tests/integration/trust/offlineSession.ts');
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const run = spawnSync(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', tsx, script, work, corpus],
      { cwd: repoRoot, encoding: 'utf8', timeout: 240_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SessionResult;

    expect(result.failed).toEqual([]);
    expect(result.imported.map((i) => i.file).sort()).toEqual([
      'berkeley-db.md',
      'loudness-meter.pdf',
      'loudness.md',
      'tb87nemeth.pdf',
      'trace-trees.md',
    ]);
    expect(result.imported.find((i) => i.file === 'loudness-meter.pdf')!.pages).toBe(6);
    expect(result.embedding.embedded).toBe(result.embedding.passages);
    expect(result.embedding.passages).toBeGreaterThan(20);
    // Written by the local model: an answer, or its decline in the grammar's set form.
    expect(result.answer).toMatchObject({ model: 'tiny' });
    expect(['generated', 'abstained']).toContain(result.answer.mode);
    expect(result.answer.passages).toBeGreaterThan(0);
    expect(result.page.status).toBe(200);
    expect(result.page.html).toContain('Content-Security-Policy');
    expect(result.viaUi.result.ok).toBe(true);
    expect(result.viaUi.result.value!.length).toBeGreaterThan(0);

    // The pass mark.
    expect(result.attemptsDuringSession).toEqual([]);
    // The control: an outbound fetch is seen and refused by the guard.
    expect(
      result.control.recorded.map((a) => ({ target: a.target.replace(/:\d+$/, ''), allowed: a.allowed })),
    ).toContainEqual({ target: 'example.org', allowed: false });
    expect(result.control.result).toContain('Scholium works offline');
  }, 300_000);
});
