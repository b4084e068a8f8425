import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { standInFor, type OpHandler, type Reply } from './apiDouble.js';

/*
 * A stand-in for the library service, for the Library view's tests until the
 * core's service lands (then flow.spec.ts runs the same steps on the real
 * core). Files are really read: pdf.js opens each one, so a truncated PDF
 * fails for a real reason and page counts are the papers' own.
 */
export const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');

interface Paper {
  paperId: string;
  title: string;
  authors: string[];
  year: number | null;
  doi: string | null;
  pages: number;
  passages: number;
  file: string;
  format: 'pdf';
  status: 'indexed' | 'embedded';
  ocr: boolean;
  addedAt: string;
  collectionIds: string[];
  abstract: string | null;
}

interface Job {
  jobId: string;
  kind: string;
  title: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number | null;
  message: string;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface LibraryDouble {
  papers: Paper[];
  calls: { op: string; payload: Record<string, unknown> }[];
}

const ok = (value: unknown): Reply => ({ ok: true, value });
const fail = (code: string, message: string): Reply => ({ ok: false, error: { code, message } });

/** `also` stands in for other services on the same socket. */
export async function libraryDouble(page: Page, options: { msPerPage?: number; papers?: Paper[]; also?: Record<string, OpHandler> } = {}): Promise<LibraryDouble> {
  const msPerPage = options.msPerPage ?? 20;
  const papers: Paper[] = options.papers ?? [];
  const collections: { collectionId: string; name: string }[] = [];
  const watched: { path: string; addedAt: string; lastScanAt: string | null }[] = [];
  const jobs = new Map<string, Job>();
  const uploads = new Map<string, { name: string; chunks: Buffer[] }>();
  const reports = new Map<string, { imported: unknown[]; duplicates: unknown[]; skipped: unknown[]; failed: { file: string; error: string; code: string }[]; state: string }>();
  const calls: LibraryDouble['calls'] = [];
  let seq = 0;

  const runImport = async (files: { name: string; bytes: Buffer }[], emit: (e: Record<string, unknown>) => void): Promise<string> => {
    const jobId = `job-${++seq}`;
    const now = (): string => new Date().toISOString();
    const parent: Job = { jobId, kind: 'import', title: `Import of ${files.length} files`, state: 'running', done: 0, total: files.length, message: '', error: null, startedAt: now(), finishedAt: null };
    const report = { imported: [] as unknown[], duplicates: [] as unknown[], skipped: [] as unknown[], failed: [] as { file: string; error: string; code: string }[], state: 'running' };
    reports.set(jobId, report);
    const send = (job: Job, type: string): void => {
      jobs.set(job.jobId, job);
      emit({ channel: 'job', jobId: job.jobId, type, job: { ...job } });
    };
    send(parent, 'progress');
    void (async () => {
      for (const file of files) {
        if (parent.state !== 'running') break;
        const child: Job = { jobId: `job-${++seq}`, kind: 'import.file', title: file.name, state: 'running', done: 0, total: null, message: 'Opening', error: null, startedAt: now(), finishedAt: null };
        send(child, 'progress');
        try {
          const doc = await getDocument({ data: new Uint8Array(file.bytes), verbosity: 0 }).promise;
          const info = (await doc.getMetadata()).info as { Title?: string };
          for (let p = 1; p <= doc.numPages && child.state === 'running' && parent.state === 'running'; p++) {
            await new Promise((r) => setTimeout(r, msPerPage));
            Object.assign(child, { done: p, total: doc.numPages, message: 'Reading text' });
            send(child, 'progress');
          }
          if (child.state !== 'running' || parent.state !== 'running') {
            await doc.destroy();
            Object.assign(child, { state: 'cancelled', finishedAt: now() });
            send(child, 'cancelled');
            continue;
          }
          const paper: Paper = {
            paperId: `paper-${++seq}`,
            title: info.Title !== undefined && info.Title !== '' ? info.Title : file.name.replace(/\.pdf$/, ''),
            authors: ['A. Author'],
            year: 2009,
            doi: null,
            pages: doc.numPages,
            passages: doc.numPages * 4,
            file: file.name,
            format: 'pdf',
            status: 'indexed',
            ocr: false,
            addedAt: now(),
            collectionIds: [],
            abstract: null,
          };
          await doc.destroy();
          papers.push(paper);
          report.imported.push({ paperId: paper.paperId, file: file.name, title: paper.title, pages: paper.pages, passages: paper.passages });
          Object.assign(child, { state: 'done', message: 'Indexed', finishedAt: now() });
          send(child, 'done');
        } catch (error) {
          const message = `The file is damaged and cannot be read (${(error as Error).message}).`;
          report.failed.push({ file: file.name, error: message, code: 'CORRUPT' });
          Object.assign(child, { state: 'failed', error: message, finishedAt: now() });
          send(child, 'error');
        }
        parent.done += 1;
        if (parent.state === 'running') send(parent, 'progress');
      }
      parent.finishedAt = now();
      if (parent.state === 'running') parent.state = 'done';
      report.state = parent.state;
      send(parent, parent.state === 'done' ? 'done' : 'cancelled');
    })();
    return jobId;
  };

  const record = (op: string, payload: Record<string, unknown>): void => void calls.push({ op, payload });
  await standInFor(page, {
    ...options.also,
    'library.papers': () => ok(papers.map(({ abstract: _a, ...p }) => p)),
    'library.paper': (p) => {
      const paper = papers.find((x) => x.paperId === p.paperId);
      return paper === undefined
        ? fail('NOT_FOUND', 'No such paper.')
        : ok({ ...paper, docKey: null, files: [{ path: paper.file, sha256: '0'.repeat(64), size: 1 }], metadataSources: {}, userEdited: false, warnings: [] });
    },
    'library.updateMetadata': (p) => {
      record('library.updateMetadata', p);
      const paper = papers.find((x) => x.paperId === p.paperId);
      if (paper === undefined) return fail('NOT_FOUND', 'No such paper.');
      Object.assign(paper, Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'paperId')));
      return ok({ ...paper, docKey: null, files: [], metadataSources: {}, userEdited: true, warnings: [] });
    },
    'library.remove': (p) => {
      const at = papers.findIndex((x) => x.paperId === p.paperId);
      if (at >= 0) papers.splice(at, 1);
      return ok({ removed: at >= 0 });
    },
    'library.collections': () => ok(collections.map((c) => ({ ...c, paperCount: papers.filter((p) => p.collectionIds.includes(c.collectionId)).length }))),
    'library.createCollection': (p) => {
      const c = { collectionId: `col-${++seq}`, name: String(p.name) };
      collections.push(c);
      return ok({ ...c, paperCount: 0 });
    },
    'library.addToCollection': (p) => {
      const c = collections.find((x) => x.collectionId === p.collectionId);
      if (c === undefined) return fail('NOT_FOUND', 'No such collection.');
      for (const paper of papers) if ((p.paperIds as string[]).includes(paper.paperId)) paper.collectionIds.push(c.collectionId);
      return ok({ ...c, paperCount: papers.filter((x) => x.collectionIds.includes(c.collectionId)).length });
    },
    'library.upload': (p) => {
      record('library.upload', { ...p, data: `${String(p.data).length} base64 chars` });
      const id = String(p.uploadId);
      const upload = uploads.get(id) ?? { name: String(p.name), chunks: [] };
      upload.chunks.push(Buffer.from(String(p.data), 'base64'));
      uploads.set(id, upload);
      return ok({ received: upload.chunks.reduce((n, c) => n + c.length, 0) });
    },
    'library.import': async (p, emit) => {
      record('library.import', p);
      const files = [
        ...((p.uploads as string[] | undefined) ?? []).map((id) => ({ name: uploads.get(id)!.name, bytes: Buffer.concat(uploads.get(id)!.chunks) })),
        ...((p.paths as string[] | undefined) ?? []).flatMap((dir) =>
          (fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [dir]).map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) })),
        ),
      ];
      return ok({ jobId: await runImport(files, emit) });
    },
    'library.watch': async (p, emit) => {
      record('library.watch', p);
      const dir = String(p.path);
      watched.push({ path: dir, addedAt: new Date().toISOString(), lastScanAt: null });
      const files = fs.readdirSync(dir).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(dir, f)) }));
      return ok({ ...watched.at(-1), jobId: await runImport(files, emit) });
    },
    'library.watchedFolders': () => ok(watched),
    'library.unwatch': (p) => {
      const at = watched.findIndex((w) => w.path === p.path);
      if (at >= 0) watched.splice(at, 1);
      return ok({ removed: at >= 0 });
    },
    'library.importReport': (p) => {
      const report = reports.get(String(p.jobId))!;
      return ok({ ...report, importId: String(p.jobId), jobId: String(p.jobId), files: 0, pending: 0, removed: [] });
    },
    'jobs.list': () => ok([...jobs.values()]),
    'jobs.cancel': (p) => {
      record('jobs.cancel', p);
      const job = jobs.get(String(p.jobId));
      if (job === undefined || job.state !== 'running') return ok({ cancelled: false });
      job.state = 'cancelled';
      return ok({ cancelled: true });
    },
  });
  return { papers, calls };
}
