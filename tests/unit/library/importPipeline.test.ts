import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UNCHANGED } from '../../../electron/core/library/import/importFile.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { writeFakePdf } from './documents.js';
import { openTestLibrary, until, type TestLibrary } from './harness.js';

let open: TestLibrary[] = [];
afterEach(async () => {
  const closing = open;
  open = [];
  for (const lib of closing) await lib.close();
});
function library(options: Parameters<typeof openTestLibrary>[0] = {}): TestLibrary {
  const lib = openTestLibrary(options);
  open.push(lib);
  return lib;
}

function corpusFolder(): string {
  const dir = tempDir('scholium-docs-');
  fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
  writeFakePdf(path.join(dir, 'alpha.pdf'), {
    title: 'Alpha paper',
    pages: ['Alpha page one', 'Alpha page two'],
    passages: [{ text: 'Alpha body' }, { text: 'Smith 2001', kind: 'references', section: 'References' }],
  });
  writeFakePdf(path.join(dir, 'nested', 'deeper', 'beta.pdf'), {
    title: 'Beta paper',
    pages: ['Beta'],
    passages: [{ text: 'Beta body' }],
  });
  fs.writeFileSync(
    path.join(dir, 'notes.md'),
    '# Gamma notes\n\n## Method\n\nWe measured things.\n\n## References\n\nDoe 1999.\n',
  );
  fs.writeFileSync(path.join(dir, 'plain.txt'), 'Delta plain text\n\nSome words about delta.\n');
  fs.writeFileSync(path.join(dir, 'report.docx'), 'not a document we read');
  fs.writeFileSync(path.join(dir, '.hidden.pdf'), 'ignored');
  return dir;
}

describe('import pipeline', () => {
  it('imports a folder recursively: PDFs, Markdown and text, reporting other files by name', async () => {
    const lib = library();
    const dir = corpusFolder();
    const { job, report } = await lib.importAll([dir]);
    expect(job.state).toBe('done');
    expect(report.state).toBe('done');
    expect(report.imported.map((i) => [path.relative(dir, i.file), i.title, i.pages, i.passages]).sort()).toEqual([
      ['alpha.pdf', 'Alpha paper', 2, 2],
      ['nested/deeper/beta.pdf', 'Beta paper', 1, 1],
      ['notes.md', 'Gamma notes', 0, 2],
      ['plain.txt', 'Delta plain text', 0, 1],
    ]);
    expect(report.skipped).toEqual([
      { file: path.join(dir, 'report.docx'), reason: expect.stringContaining('(.docx)') },
    ]);
    expect(report.failed).toEqual([]);
    expect(lib.fake.calls.map((f) => path.basename(f)).sort()).toEqual(['alpha.pdf', 'beta.pdf']);

    // Markdown sections: the References heading marks its passage so retrieval can leave it out.
    const notes = lib.library.queries.list().find((p) => p.title === 'Gamma notes')!;
    const kinds = lib.db
      .prepare('SELECT section, kind, page FROM passages WHERE paper_id = ? ORDER BY ordinal')
      .all(notes.paperId);
    expect(kinds).toEqual([
      { section: 'Method', kind: 'body', page: null },
      { section: 'References', kind: 'references', page: null },
    ]);
    // Each file ran as its own job, with page progress.
    const fileJobs = lib.events
      .filter((e) => e.job.kind === 'import.file' && e.type === 'done')
      .map((e) => e.job.title);
    expect(fileJobs.sort()).toEqual(['alpha.pdf', 'beta.pdf', 'notes.md', 'plain.txt']);
    expect(
      lib.events.some(
        (e) => e.job.title === 'alpha.pdf' && e.job.message === 'Reading text' && e.job.done === 2 && e.job.total === 2,
      ),
    ).toBe(true);
  });

  it('re-importing unchanged files is a no-op; the same bytes under another name are noted, not indexed twice', async () => {
    const lib = library();
    const dir = corpusFolder();
    await lib.importAll([dir]);
    const before = { papers: lib.count('papers'), passages: lib.count('passages'), calls: lib.fake.calls.length };

    const again = await lib.importAll([dir]);
    expect(again.report.imported).toEqual([]);
    expect(again.report.skipped.filter((s) => s.reason === UNCHANGED)).toHaveLength(4);
    expect(lib.fake.calls.length).toBe(before.calls);

    const copy = path.join(tempDir(), 'alpha copy.pdf');
    fs.copyFileSync(path.join(dir, 'alpha.pdf'), copy);
    const dup = await lib.importAll([copy]);
    const alpha = lib.library.queries.list().find((p) => p.title === 'Alpha paper')!;
    expect(dup.report.duplicates).toEqual([
      { file: copy, paperId: alpha.paperId, duplicateOf: path.join(dir, 'alpha.pdf') },
    ]);
    expect(lib.fake.calls.length).toBe(before.calls);
    expect({ papers: lib.count('papers'), passages: lib.count('passages') }).toEqual({
      papers: before.papers,
      passages: before.passages,
    });
    expect(lib.library.paper(alpha.paperId).files.map((f) => f.path)).toEqual([path.join(dir, 'alpha.pdf'), copy]);
  });

  it('the same bytes twice in one import are read once: one file is the paper, the other its duplicate', async () => {
    const lib = library();
    const dir = tempDir();
    writeFakePdf(path.join(dir, 'a-original.pdf'), { title: 'Same paper', passages: [{ text: 'shared words' }] });
    fs.copyFileSync(path.join(dir, 'a-original.pdf'), path.join(dir, 'b-copy.pdf'));
    // Both files are in flight at once (two workers); the first one's extraction waits until the second has started.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    lib.fake.gate = () => gate;
    const started = lib.library.importPaths([dir]);
    await until(() => lib.jobs.list().filter((j) => j.kind === 'import.file').length === 2);
    release();
    await lib.jobs.wait(started.jobId);
    const report = lib.library.imports.report(started.jobId);
    // Which of the two is read depends on which is hashed first; exactly one is.
    expect(lib.fake.calls).toHaveLength(1);
    const [paper] = lib.fake.calls;
    const other = path.join(dir, paper!.endsWith('a-original.pdf') ? 'b-copy.pdf' : 'a-original.pdf');
    expect(report.imported.map((i) => i.file)).toEqual([paper]);
    expect(report.duplicates).toEqual([{ file: other, paperId: report.imported[0]!.paperId, duplicateOf: paper }]);
    expect(lib.count('passages')).toBe(1);
  });

  it('a changed file is re-indexed in place: same paper id, new passages, the user’s edits kept', async () => {
    const lib = library();
    const dir = tempDir();
    const file = path.join(dir, 'paper.pdf');
    writeFakePdf(file, { title: 'First title', year: 2001, passages: [{ text: 'old words' }] });
    const first = await lib.importAll([file]);
    const paperId = first.report.imported[0]!.paperId;
    lib.library.updateMetadata(paperId, { year: 1999 });
    const collection = lib.library.collections.create('Reading');
    lib.library.collections.addPapers(collection.collectionId, [paperId]);

    writeFakePdf(file, {
      title: 'Second title',
      year: 2002,
      passages: [{ text: 'new words' }, { text: 'more new words' }],
    });
    const second = await lib.importAll([file]);
    expect(second.report.imported).toEqual([{ paperId, file, title: 'Second title', pages: 1, passages: 2 }]);
    const detail = lib.library.paper(paperId);
    expect(detail).toMatchObject({
      title: 'Second title',
      year: 1999,
      passages: 2,
      collectionIds: [collection.collectionId],
      userEdited: true,
    });
    expect(detail.metadataSources).toMatchObject({ title: 'layout', year: 'user' });
    expect(lib.db.prepare(`SELECT count(*) AS n FROM passages_fts WHERE passages_fts MATCH 'old'`).get()).toEqual({
      n: 0,
    });
    expect(lib.db.prepare(`SELECT count(*) AS n FROM passages_fts WHERE passages_fts MATCH 'new'`).get()).toEqual({
      n: 2,
    });
  });

  it('two imports of the same folder at once index each file once', async () => {
    const lib = library();
    const dir = tempDir();
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) writeFakePdf(path.join(dir, name), { title: name });
    const jobs = [lib.library.importPaths([dir]), lib.library.importPaths([dir])];
    const reports = await Promise.all(
      jobs.map(async (j) => (await lib.jobs.wait(j.jobId), lib.library.imports.report(j.jobId))),
    );
    expect(reports.flatMap((r) => r.imported.map((i) => i.title)).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    expect(reports.flatMap((r) => r.skipped.map((s) => s.reason))).toEqual([UNCHANGED, UNCHANGED, UNCHANGED]);
    expect(lib.count('papers')).toBe(3);
    expect(
      lib.db.prepare('SELECT count(*) AS n FROM papers WHERE id NOT IN (SELECT paper_id FROM files)').get(),
    ).toEqual({ n: 0 });
  });

  it('reports each bad file by name with a specific reason and imports the rest', async () => {
    const lib = library();
    const dir = tempDir();
    writeFakePdf(path.join(dir, 'good.pdf'), { title: 'Good paper' });
    fs.writeFileSync(path.join(dir, 'empty.pdf'), '');
    fs.writeFileSync(path.join(dir, 'notes-as.pdf'), 'plain words, no PDF header');
    execFileSync('mkfifo', [path.join(dir, 'pipe.pdf')]);
    fs.mkdirSync(path.join(dir, 'private'));
    const locked = path.join(dir, 'private', 'locked.pdf');
    writeFakePdf(locked, { title: 'Locked' });
    fs.chmodSync(locked, 0);
    const missing = path.join(dir, 'never-existed.pdf');

    const { report } = await lib.importAll([dir, missing]);
    expect(report.imported.map((i) => i.title)).toEqual(
      process.getuid?.() === 0 ? expect.arrayContaining(['Good paper', 'Locked']) : ['Good paper'],
    );
    const failed = Object.fromEntries(report.failed.map((f) => [path.basename(f.file), [f.code, f.error]]));
    expect(failed['empty.pdf']).toEqual(['EMPTY', `${path.join(dir, 'empty.pdf')} is empty (0 bytes).`]);
    expect(failed['notes-as.pdf']?.[0]).toBe('NOT_PDF');
    expect(failed['pipe.pdf']).toEqual([
      'UNREADABLE',
      expect.stringContaining('it is a named pipe (FIFO), not a regular file'),
    ]);
    expect(failed['never-existed.pdf']).toEqual(['MISSING', expect.stringContaining('does not exist')]);
    // As root chmod 000 does not stop reads; tests/integration/library/cli.test.ts imports as `nobody` to check
    // permission denied for real.
    if (process.getuid?.() !== 0)
      expect(failed['locked.pdf']).toEqual(['UNREADABLE', expect.stringContaining('permission denied')]);
  });

  it('reports a file that disappears mid-import and goes on', async () => {
    const lib = library();
    const dir = tempDir();
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) writeFakePdf(path.join(dir, name), { title: name });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    lib.fake.gate = () => gate;
    const started = lib.library.importPaths([dir]);
    // Both workers are busy with a and b; c vanishes before its turn.
    await until(() => lib.fake.calls.length === 2);
    fs.rmSync(path.join(dir, 'c.pdf'));
    release();
    await lib.jobs.wait(started.jobId);
    const report = lib.library.imports.report(started.jobId);
    expect(report.imported.map((i) => i.title).sort()).toEqual(['a.pdf', 'b.pdf']);
    expect(report.failed).toEqual([
      {
        file: path.join(dir, 'c.pdf'),
        code: 'MISSING',
        error: `${path.join(dir, 'c.pdf')} was removed before Scholium could read it.`,
      },
    ]);
  });

  it('cancelling an import stops it with nothing half-written; cancelling one file skips just that file', async () => {
    const lib = library();
    const dir = tempDir();
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf']) writeFakePdf(path.join(dir, name), { title: name });
    lib.fake.gate = () => new Promise(() => undefined);
    const started = lib.library.importPaths([dir]);
    await until(() => lib.fake.calls.length === 2);
    const fileJob = lib.jobs.list().find((j) => j.kind === 'import.file' && j.title === 'a.pdf')!;
    lib.jobs.cancel(fileJob.jobId);
    await until(() => lib.fake.calls.length === 3);
    lib.jobs.cancel(started.jobId);
    expect((await lib.jobs.wait(started.jobId)).state).toBe('cancelled');
    const report = lib.library.imports.report(started.jobId);
    expect(report).toMatchObject({ state: 'cancelled', files: 4, pending: 3, imported: [] });
    expect(report.skipped).toEqual([{ file: path.join(dir, 'a.pdf'), reason: 'Cancelled by the user.' }]);
    expect(lib.count('papers')).toBe(0);

    lib.fake.gate = () => Promise.resolve();
    const again = await lib.importAll([dir]);
    expect(again.report.imported.map((i) => i.title).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf']);
  });

  it('resumes an interrupted import with exactly the files it had left, and reports both runs', async () => {
    const lib = library();
    const dir = tempDir();
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'])
      writeFakePdf(path.join(dir, name), { title: name, passages: [{ text: `${name} text` }] });
    // a goes through; b, c and d hang in extraction.
    lib.fake.gate = (file) => (file.endsWith('a.pdf') ? Promise.resolve() : new Promise(() => undefined));
    const started = lib.library.importPaths([dir]);
    await until(() => lib.library.imports.report(started.jobId).imported.length === 1 && lib.fake.calls.length === 3);
    // The database as a crash now would leave it.
    const snapshot = path.join(tempDir(), 'crashed');
    fs.mkdirSync(snapshot);
    await lib.db.backup(path.join(snapshot, 'library.sqlite'));
    // ...written by an earlier process with this pid (pids are reused): its token is not this process's.
    const crashed = new Database(path.join(snapshot, 'library.sqlite'));
    crashed.prepare(`UPDATE jobs SET owner_token = 'an-earlier-process'`).run();
    crashed.close();
    const committed = new Set([path.join(dir, 'a.pdf')]);

    const restarted = library({ dir: snapshot });
    expect(restarted.library.imports.report(started.jobId).state).toBe('interrupted');
    const { report } = await restarted.importAll([dir]);
    expect(report.state).toBe('done');
    expect(report.imported.map((i) => i.title).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf']);
    // Files committed before the "crash" were not read again.
    expect(restarted.fake.calls.filter((f) => committed.has(f))).toEqual([]);
    expect(restarted.fake.calls.length).toBe(4 - committed.size);
    expect(restarted.count('papers')).toBe(4);
    expect(restarted.count('passages')).toBe(4);
  });

  it('imports a JSONL corpus (BEIR format) as documents without pages, incrementally on re-import', async () => {
    const lib = library();
    const file = path.join(tempDir(), 'corpus.jsonl');
    const line = (id: string, title: string, text: string): string => JSON.stringify({ _id: id, title, text });
    const long = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ') + '.';
    fs.writeFileSync(
      file,
      [
        line('4983', 'Microstructural development', 'Alterations of the architecture of cerebral white matter.'),
        line('5836', 'Induction of myelodysplasia', long),
        '{not json',
        '',
      ].join('\n'),
    );
    const first = await lib.importAll([file]);
    expect(first.report.imported.map((i) => [i.file, i.title, i.pages, i.passages])).toEqual([
      [`${file}#4983`, 'Microstructural development', 0, 1],
      [`${file}#5836`, 'Induction of myelodysplasia', 0, 2],
    ]);
    expect(first.report.failed).toEqual([
      { file: `${file}#line 3`, code: 'CORRUPT', error: 'Line 3 of corpus.jsonl is not valid JSON.' },
    ]);
    const paper = lib.library.paper(first.report.imported[0]!.paperId);
    expect(paper).toMatchObject({ docKey: '4983', format: 'jsonl', file: `${file}#4983`, pages: 0 });
    expect(lib.db.prepare('SELECT DISTINCT page FROM passages').all()).toEqual([{ page: null }]);

    fs.writeFileSync(
      file,
      [
        line('4983', 'Microstructural development', 'Changed abstract text.'),
        line('5836', 'Induction of myelodysplasia', long),
      ].join('\n'),
    );
    const second = await lib.importAll([file]);
    expect(second.report.imported.map((i) => [i.file, i.paperId])).toEqual([[`${file}#4983`, paper.paperId]]);
    fs.writeFileSync(file, line('5836', 'Induction of myelodysplasia', long));
    const third = await lib.importAll([file]);
    expect(third.report.imported).toEqual([]);
    expect(lib.library.queries.list().map((p) => p.title)).toEqual(['Induction of myelodysplasia']);
    const fourth = await lib.importAll([file]);
    expect(fourth.report.skipped).toEqual([{ file, reason: UNCHANGED }]);
  });

  it('keeps a watched folder in step: new, changed and removed files', async () => {
    const lib = library({ watchDebounceMs: 100 });
    const dir = tempDir();
    writeFakePdf(path.join(dir, 'first.pdf'), { title: 'First' });
    const { job } = lib.library.imports.watch(dir);
    await lib.jobs.wait(job.jobId);
    const titles = (): string[] =>
      lib.library.queries
        .list()
        .map((p) => p.title)
        .sort();
    expect(titles()).toEqual(['First']);

    fs.mkdirSync(path.join(dir, 'sub'));
    writeFakePdf(path.join(dir, 'sub', 'second.pdf'), { title: 'Second' });
    await until(() => titles().includes('Second'));
    writeFakePdf(path.join(dir, 'first.pdf'), { title: 'First, revised' });
    await until(() => titles().includes('First, revised'));
    fs.rmSync(path.join(dir, 'sub', 'second.pdf'));
    await until(() => titles().length === 1);
    expect(titles()).toEqual(['First, revised']);
    expect(lib.library.imports.watched().map((w) => w.path)).toEqual([dir]);
    expect(lib.library.imports.unwatch(dir)).toBe(true);
  });
});
