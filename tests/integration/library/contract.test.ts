import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/contract/index.js';
import { Core } from '../../../electron/core/core.js';
import { tempDir } from '../../helpers/tempLibrary.js';

let cores: Core[] = [];
afterEach(async () => {
  const closing = cores;
  cores = [];
  for (const core of closing) await core.close();
});

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('library operations through the core', () => {
  it('upload, import, list, edit, collect and remove papers; refuse bad requests with clear codes', async () => {
    const dir = tempDir();
    const core = Core.open({ libraryDir: dir, mode: 'host' });
    cores.push(core);
    const text = '# Sparse attention in practice\n\n## Results\n\nSparse attention halves memory use on long inputs.\n';
    const bytes = Buffer.from(text);
    value(
      await core.invoke('library.upload', {
        uploadId: 'up1',
        name: '../../notes.md',
        offset: 0,
        data: bytes.subarray(0, 10).toString('base64'),
        done: false,
      }),
    );
    const out = await core.invoke('library.upload', {
      uploadId: 'up1',
      name: '../../notes.md',
      offset: 99,
      data: '',
      done: true,
    });
    expect(out).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('Resend from 10') },
    });
    expect(
      value(
        await core.invoke('library.upload', {
          uploadId: 'up1',
          name: '../../notes.md',
          offset: 10,
          data: bytes.subarray(10).toString('base64'),
          done: true,
        }),
      ),
    ).toEqual({
      received: bytes.length,
    });
    expect(fs.existsSync(path.join(dir, 'uploads', 'up1', 'notes.md'))).toBe(true);

    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'other.txt'), 'Dense retrieval\n\nDense retrieval uses learned embeddings.\n');
    const { jobId } = value(await core.invoke('library.import', { paths: [folder], uploads: ['up1'] }));
    expect((await core.jobs.wait(jobId)).state).toBe('done');
    const report = value(await core.invoke('library.importReport', { jobId }));
    expect(report.imported.map((i) => i.title).sort()).toEqual(['Dense retrieval', 'Sparse attention in practice']);

    const papers = value(await core.invoke('library.papers', {}));
    expect(papers).toHaveLength(2);
    const sparse = papers.find((p) => p.title.startsWith('Sparse'))!;
    expect(sparse).toMatchObject({
      format: 'markdown',
      pages: 0,
      passages: 1,
      status: 'indexed',
      ocr: false,
      file: path.join(dir, 'uploads', 'up1', 'notes.md'),
    });

    const edited = value(
      await core.invoke('library.updateMetadata', {
        paperId: sparse.paperId,
        authors: ['A. Researcher'],
        year: 2024,
        doi: 'https://doi.org/10.1000/XYZ',
      }),
    );
    expect(edited).toMatchObject({
      authors: ['A. Researcher'],
      year: 2024,
      doi: '10.1000/xyz',
      userEdited: true,
      metadataSources: { authors: 'user', year: 'user', doi: 'user' },
    });
    expect(await core.invoke('library.updateMetadata', { paperId: sparse.paperId, doi: 'not a doi' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });

    const collection = value(await core.invoke('library.createCollection', { name: 'Attention' }));
    expect(await core.invoke('library.createCollection', { name: 'attention' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(
      value(
        await core.invoke('library.addToCollection', {
          collectionId: collection.collectionId,
          paperIds: [sparse.paperId],
        }),
      ).paperCount,
    ).toBe(1);
    expect(
      value(await core.invoke('library.papers', { collectionId: collection.collectionId })).map((p) => p.paperId),
    ).toEqual([sparse.paperId]);
    expect(value(await core.invoke('library.collections', {}))).toEqual([
      { collectionId: collection.collectionId, name: 'Attention', paperCount: 1 },
    ]);

    expect(value(await core.invoke('library.remove', { paperId: sparse.paperId }))).toEqual({ removed: true });
    expect(value(await core.invoke('library.remove', { paperId: sparse.paperId }))).toEqual({ removed: false });
    expect(await core.invoke('library.paper', { paperId: sparse.paperId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(value(await core.invoke('library.collections', {}))[0]!.paperCount).toBe(0);

    expect(await core.invoke('library.import', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('at least one') },
    });
    expect(await core.invoke('library.importReport', { jobId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await core.invoke('library.watch', { path: path.join(folder, 'other.txt') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(value(await core.invoke('library.embeddingStatus', {}))).toEqual({
      modelId: null,
      dimension: null,
      passages: 1,
      embedded: 0,
      jobId: null,
    });
  });
});
