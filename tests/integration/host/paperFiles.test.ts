import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { startHost, type RunningHost } from '../../../electron/host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import { tempDir } from '../../helpers/tempLibrary.js';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const open: { host: RunningHost; core: Core }[] = [];

afterEach(async () => {
  for (const { host, core } of open.splice(0)) {
    await host.close();
    await core.close();
  }
});

async function boot(): Promise<{ host: RunningHost; core: Core }> {
  const core = Core.open({ libraryDir: tempDir(), mode: 'host' });
  const host = await startHost({ core, staticDir: rendererDir() });
  open.push({ host, core });
  return { host, core };
}

/** Records `file` as a paper of `format` the way an import does (the route reads only what the library recorded). */
function register(core: Core, file: string, format: 'pdf' | 'text' = 'pdf'): string {
  const bytes = fs.readFileSync(file);
  const document = {
    pageCount: 1,
    pages: [],
    passages: [],
    metadata: {
      title: path.basename(file),
      authors: [],
      year: null,
      venue: null,
      itemType: null,
      doi: null,
      abstract: null,
      sources: {},
    },
    warnings: [],
  };
  const fileRecord = {
    path: file,
    docKey: '',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    mtimeMs: 0,
  };
  return core.papers.papers.insertPaper({ format, file: fileRecord, document, fallbackTitle: path.basename(file) })
    .paperId;
}

function get(port: number, target: string, method = 'GET'): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the host serves a paper’s registered PDF at /files/<paperId>.pdf', () => {
  it('sends the exact bytes as application/pdf with the token, and refuses without it', async () => {
    const { host, core } = await boot();
    const file = path.join(corpus, 'tb87nemeth.pdf');
    const paperId = register(core, file);
    const ok = await get(host.port, `/files/${paperId}.pdf?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('application/pdf');
    expect(ok.body.equals(fs.readFileSync(file))).toBe(true);
    const head = await get(host.port, `/files/${paperId}.pdf?token=${host.token}`, 'HEAD');
    expect([head.status, head.body.length]).toEqual([200, 0]);

    for (const query of ['', '?token=', '?token=wrong']) {
      const refused = await get(host.port, `/files/${paperId}.pdf${query}`);
      expect(refused.status).toBe(401);
      expect(refused.body.toString()).toContain('Missing or wrong token');
    }
  });

  it('answers 404 with a sentence for unknown papers, papers without a PDF, and files gone from disk', async () => {
    const { host, core } = await boot();
    const unknown = await get(host.port, `/files/no-such-paper.pdf?token=${host.token}`);
    expect([unknown.status, unknown.type]).toEqual([404, 'text/plain; charset=utf-8']);
    expect(unknown.body.toString()).toBe('There is no paper with id no-such-paper in the library.');

    const notes = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(notes, 'Some notes.');
    const textPaper = register(core, notes, 'text');
    const text = await get(host.port, `/files/${textPaper}.pdf?token=${host.token}`);
    expect(text.status).toBe(404);
    expect(text.body.toString()).toContain('was imported from a text document, so there is no PDF to show');

    const moved = path.join(tempDir(), 'moved.pdf');
    fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), moved);
    const movedPaper = register(core, moved);
    fs.rmSync(moved);
    const gone = await get(host.port, `/files/${movedPaper}.pdf?token=${host.token}`);
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toBe(
      `The PDF of “moved.pdf” is no longer at ${moved}. Import it again from the Library to read it here.`,
    );
  });

  it('never opens a path taken from the request', async () => {
    const { host, core } = await boot();
    register(core, path.join(corpus, 'tb87nemeth.pdf'));
    // A PDF inside the library folder, to tempt a path-based lookup.
    fs.copyFileSync(path.join(corpus, 'tb87nemeth.pdf'), path.join(core.libraryDir, 'bait.pdf'));
    const tries = [
      '/files/..%2F..%2F..%2Fetc%2Fpasswd.pdf',
      '/files/%2Fetc%2Fpasswd.pdf',
      `/files/${encodeURIComponent(path.join(core.libraryDir, 'bait'))}.pdf`,
      '/files/bait.pdf',
      '/files/..%2Fbait.pdf',
      '/files/%E0%A4%A.pdf',
      '/files/a/b.pdf',
      '/files/paper.txt',
      '/files/../../etc/passwd',
    ];
    for (const target of tries) {
      const res = await get(host.port, `${target}?token=${host.token}`);
      expect({ target, status: res.status, type: res.type }).toEqual({
        target,
        status: 404,
        type: 'text/plain; charset=utf-8',
      });
    }
  });
});
