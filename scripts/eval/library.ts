import os from 'node:os';
import path from 'node:path';
import { unwrap } from '../../electron/cli/output.js';
import { Core } from '../../electron/core/core.js';

/** Registers a model file once per library and makes it the role's default. */
async function useModel(core: Core, file: string, role: 'embedding' | 'reranker'): Promise<string> {
  const absolute = path.resolve(file);
  const known = core.models.registry.listModels().find((m) => m.file === absolute);
  const modelId = known?.id ?? unwrap(await core.invoke('models.add', { path: absolute })).modelId;
  unwrap(await core.invoke('models.setDefault', { role, modelId }));
  return modelId;
}

/** Where evaluation libraries are kept between runs, so a second run skips import and embedding. */
export function evalCacheRoot(library: string | undefined): string {
  return library ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'scholium-eval');
}

/** Opens (or creates) the cached library `name` for this embedder, runs `run`, and closes it. */
export async function withLibrary<T>(
  root: string,
  name: string,
  embedding: string | null,
  reranker: string | null,
  run: (core: Core) => Promise<T>,
): Promise<T> {
  const slug = `${name}-${embedding === null ? 'fts' : path.basename(embedding, '.gguf')}`;
  const core = Core.open({ libraryDir: path.join(root, slug), mode: 'cli' });
  try {
    if (embedding !== null) await useModel(core, embedding, 'embedding');
    if (reranker !== null) await useModel(core, reranker, 'reranker');
    // The cached library keeps its defaults: a run without a reranker must not rerank with an earlier run's.
    else unwrap(await core.invoke('models.setDefault', { role: 'reranker', modelId: null }));
    return await run(core);
  } finally {
    await core.close();
  }
}

/** Imports these files (already-imported ones are skipped) and waits for embedding; null when done, else why not. */
export async function importFiles(core: Core, files: readonly string[]): Promise<string | null> {
  const { jobId } = unwrap(await core.invoke('library.import', { paths: [...files] }));
  await core.jobs.wait(jobId);
  const report = unwrap(await core.invoke('library.importReport', { jobId }));
  if (report.failed.length > 0)
    return `the corpus did not import: ${report.failed.map((f) => `${path.basename(f.file)}: ${f.error}`).join('; ')}`;
  const embedding = unwrap(await core.invoke('library.embeddingStatus', {}));
  if (embedding.jobId !== null) await core.jobs.wait(embedding.jobId);
  return null;
}
