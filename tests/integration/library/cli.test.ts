import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempLibrary.js';
import { repoRoot, runCli, startCli } from './cliProcess.js';

const corpus = path.resolve(repoRoot, '../shared/corpus');
/** Root reads any file whatever its mode: as root, the import runs as `nobody`, so permission denied is real. */
const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
/** util-linux `script` runs a command on a pseudo-terminal, as a user's shell would. */
const hasScript = ((): boolean => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('scholium import / papers / metadata / remove', () => {
  it('imports, lists, attaches BibTeX metadata and removes, in JSON and in words', async () => {
    const lib = tempDir();
    const docs = tempDir();
    fs.writeFileSync(
      path.join(docs, 'lmer.md'),
      '# Fitting Linear Mixed-Effects Models Using lme4\n\n## Abstract\n\nMaximum likelihood or restricted maximum likelihood estimates.\n',
    );
    fs.writeFileSync(path.join(docs, 'broken.pdf'), '');
    fs.writeFileSync(path.join(docs, 'readme.rtf'), '{\\rtf1}');

    const imported = await runCli(lib, ['--json', 'import', docs]);
    // A failed file makes the exit status non-zero; the JSON summary still names everything.
    expect(imported.code).toBe(1);
    const summary = imported.json as Record<string, { file: string }[]>;
    expect(Object.keys(summary).slice(0, 4)).toEqual(['imported', 'duplicates', 'skipped', 'failed']);
    expect(summary.imported).toEqual([
      {
        paperId: expect.any(String),
        file: path.join(docs, 'lmer.md'),
        title: 'Fitting Linear Mixed-Effects Models Using lme4',
        pages: 0,
        passages: 1,
      },
    ]);
    expect(summary.failed).toEqual([
      {
        file: path.join(docs, 'broken.pdf'),
        code: 'EMPTY',
        error: `${path.join(docs, 'broken.pdf')} is empty (0 bytes).`,
      },
    ]);
    expect(summary.skipped!.map((s) => path.basename(s.file))).toEqual(['readme.rtf']);

    const bib = path.join(docs, 'refs.bib');
    fs.writeFileSync(
      bib,
      '@article{bates2015, title={Fitting Linear Mixed-Effects Models Using {lme4}}, author={Bates, Douglas and M{\\"a}chler, Martin}, year={2015}, doi={10.18637/jss.v067.i01}}',
    );
    const meta = await runCli(lib, ['metadata', 'import', bib]);
    expect(meta.code, meta.stderr).toBe(0);
    expect(meta.stdout).toContain('Read 1 entries: 1 matched a paper (1 updated), 0 did not.');

    const papers = await runCli(lib, ['--json', 'papers']);
    expect(papers.code).toBe(0);
    const [paper] = papers.json as Record<string, unknown>[];
    // The fields `papers --json` promises come first, in this order (bookkeeping such as status and collectionIds
    // follows).
    expect(Object.keys(paper!).slice(0, 8)).toEqual([
      'paperId',
      'title',
      'authors',
      'year',
      'doi',
      'pages',
      'passages',
      'file',
    ]);
    expect(paper).toMatchObject({
      title: 'Fitting Linear Mixed-Effects Models Using lme4',
      authors: ['Douglas Bates', 'Martin Mächler'],
      year: 2015,
      doi: '10.18637/jss.v067.i01',
      pages: 0,
      passages: 1,
      file: path.join(docs, 'lmer.md'),
    });
    const words = await runCli(lib, ['papers']);
    expect(words.stdout).toContain(
      `${String(paper!.paperId)}  2015  Fitting Linear Mixed-Effects Models Using lme4 — Douglas Bates and Martin Mächler (0 pages, 1 passages)`,
    );

    const removed = await runCli(lib, ['remove', String(paper!.paperId)]);
    expect(removed.stdout.trim()).toBe('Removed 1 paper.');
    const again = await runCli(lib, ['--json', 'remove', String(paper!.paperId)]);
    expect(again.code).toBe(1);
    expect(again.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  }, 60_000);

  it.skipIf(!fs.existsSync(corpus))(
    'reports a file and a folder it may not read (permission denied) by name, and imports the rest',
    async () => {
      const lib = tempDir();
      const docs = tempDir();
      fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(docs, 'good.pdf'));
      fs.copyFileSync(path.join(corpus, 'loudness-meter.pdf'), path.join(docs, 'locked.pdf'));
      fs.mkdirSync(path.join(docs, 'private'));
      fs.copyFileSync(path.join(corpus, '2304.02623v1.pdf'), path.join(docs, 'private', 'hidden-away.pdf'));
      fs.chmodSync(path.join(docs, 'locked.pdf'), 0);
      fs.chmodSync(path.join(docs, 'private'), 0);
      if (asRoot) {
        fs.chmodSync(docs, 0o755);
        fs.chmodSync(lib, 0o777);
      }
      try {
        const run = await runCli(lib, ['--json', 'import', docs], asRoot ? NOBODY : undefined);
        expect(run.code, run.stderr).toBe(1);
        const summary = run.json as {
          imported: { file: string; pages: number }[];
          failed: { file: string; code: string; error: string }[];
        };
        expect(summary.imported.map((i) => [path.basename(i.file), i.pages])).toEqual([['good.pdf', 6]]);
        expect(summary.failed).toEqual([
          // The folder is found unreadable while the import looks for files, before any file is read.
          {
            file: path.join(docs, 'private'),
            code: 'UNREADABLE',
            error: `Scholium is not allowed to read ${path.join(docs, 'private')} (permission denied).`,
          },
          {
            file: path.join(docs, 'locked.pdf'),
            code: 'UNREADABLE',
            error: `Scholium is not allowed to read ${path.join(docs, 'locked.pdf')} (permission denied).`,
          },
        ]);
      } finally {
        fs.chmodSync(path.join(docs, 'private'), 0o755);
      }
    },
    60_000,
  );

  it('import --watch --json streams one summary line per change (new, changed, removed files) until Ctrl-C', async () => {
    const lib = tempDir();
    const docs = tempDir();
    fs.writeFileSync(path.join(docs, 'first.md'), '# First notes\n\nSome words.\n');
    const run = startCli(lib, ['--json', 'import', '--watch', docs]);
    let out = '';
    run.child.stdout!.on('data', (c: Buffer) => (out += String(c)));
    const summaries = (): { imported: { title: string }[]; removed: { file: string }[] }[] =>
      out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { imported: { title: string }[]; removed: { file: string }[] });
    const until = async (n: number): Promise<void> => {
      for (let waited = 0; summaries().length < n; waited += 50) {
        if (waited > 30_000) throw new Error(`expected ${n} summary lines, got: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(1);
    // Watching starts after the first import: give fs.watch a moment before changing the folder.
    await new Promise((r) => setTimeout(r, 500));
    fs.writeFileSync(path.join(docs, 'second.md'), '# Second notes\n\nMore words.\n');
    await until(2);
    fs.writeFileSync(path.join(docs, 'first.md'), '# First notes, revised\n\nOther words.\n');
    await until(3);
    fs.rmSync(path.join(docs, 'second.md'));
    await until(4);
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code, done.stderr).toBe(0);
    expect(
      summaries().map((s) => [s.imported.map((i) => i.title), s.removed.map((r) => path.basename(r.file))]),
    ).toEqual([
      [['First notes'], []],
      [['Second notes'], []],
      [['First notes, revised'], []],
      [[], ['second.md']],
    ]);
  }, 90_000);

  it.skipIf(!hasScript || !fs.existsSync(corpus))(
    'draws a progress bar with each file’s pages on a terminal, and none when the output is piped',
    async () => {
      const lib = tempDir();
      const docs = tempDir();
      fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(docs, 'nemeth.pdf'));
      const command = [
        process.execPath,
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'runCli.ts'),
        '--library',
        lib,
        'import',
        docs,
      ]
        .map((a) => `'${a}'`)
        .join(' ');
      const tty = spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(tty.status, tty.stderr).toBe(0);
      expect(tty.stdout).toMatch(/Importing \[[^\]]+\] 0\/1 nemeth\.pdf: Reading text [1-6]\/6/);
      expect(tty.stdout).toContain('Imported 1 document (6 pages, 20 passages).');
      const piped = await runCli(tempDir(), ['import', docs]);
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stderr).not.toContain('Importing [');
      expect(piped.stdout.trim()).toBe('Imported 1 document (6 pages, 20 passages).');
    },
    90_000,
  );
});
