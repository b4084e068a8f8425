import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/index.js';
import { unwrap } from '../../../electron/cli/output.js';
// Imported after tempLibrary: after-hooks run last-registered first, so the cores close before their folders are
// removed.
import { tempDir } from '../../helpers/tempLibrary.js';
import { bootCore as boot, closeCore } from '../../helpers/hostCore.js';

const DEFAULT = { minWords: 200, maxWords: 350, overlapWords: 30 };
const SMALL = { minWords: 60, maxWords: 80, overlapWords: 10 };

/** A one-section Markdown paper of `paragraphs` paragraphs of 40 distinct words each. */
function paper(dir: string, paragraphs: number): string {
  const file = path.join(dir, 'paper.md');
  const body = Array.from(
    { length: paragraphs },
    (_, p) => Array.from({ length: 40 }, (_, w) => `p${p}w${w}`).join(' ') + '.',
  ).join('\n\n');
  fs.writeFileSync(file, `# Results\n\n${body}\n`);
  return file;
}

async function passageWords(core: Core, file: string): Promise<number[]> {
  const { jobId } = unwrap(await core.invoke('library.import', { paths: [file] }));
  await core.jobs.wait(jobId);
  expect(unwrap(await core.invoke('library.papers', {}))).toHaveLength(1);
  const passages = core.database.prepare('SELECT text FROM passages ORDER BY ordinal').all() as { text: string }[];
  return passages.map((p) => p.text.split(/\s+/).filter(Boolean).length);
}

describe('passage size (Settings view: Passages)', () => {
  it('is kept in the library and cuts papers imported after the next start', async () => {
    const dir = tempDir();
    const library = path.join(dir, 'library');
    const first = boot(library);
    expect(unwrap(await first.invoke('library.passageSize', {}))).toEqual({ saved: DEFAULT, inUse: DEFAULT });
    expect(unwrap(await first.invoke('library.setPassageSize', SMALL))).toEqual({ saved: SMALL, inUse: DEFAULT });
    await closeCore(first);

    const second = boot(library);
    expect(unwrap(await second.invoke('library.passageSize', {}))).toEqual({ saved: SMALL, inUse: SMALL });
    const words = await passageWords(second, paper(dir, 12));
    // 480 words in one section: at most 80 words each (with the 10-word overlap), so more than six passages.
    expect(words.length).toBeGreaterThan(6);
    expect(Math.max(...words)).toBeLessThanOrEqual(SMALL.maxWords);
  });

  it('the default cuts the same paper into far fewer passages', async () => {
    const dir = tempDir();
    const words = await passageWords(boot(path.join(dir, 'library')), paper(dir, 12));
    expect(words.length).toBeLessThanOrEqual(2);
  });

  it('refuses sizes that make no sense, saying why, and keeps the saved one', async () => {
    const core = boot(path.join(tempDir(), 'library'));
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [
        { minWords: 300, maxWords: 200, overlapWords: 20 },
        /maxWords: The largest passage must have at least as many words as the smallest/,
      ],
      [
        { minWords: 100, maxWords: 200, overlapWords: 50 },
        /overlapWords: The overlap must be under half the smallest passage/,
      ],
      [{ minWords: 10, maxWords: 200, overlapWords: 0 }, /minWords/],
      [{ minWords: 100, maxWords: 200 }, /overlapWords/],
    ];
    for (const [size, reason] of refusals) {
      const r = await core.invoke('library.setPassageSize', size as never);
      expect(r.ok, JSON.stringify(size)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_REQUEST');
      if (!r.ok) expect(r.error.message).toMatch(reason);
    }
    expect(unwrap(await core.invoke('library.passageSize', {})).saved).toEqual(DEFAULT);
  });
});
