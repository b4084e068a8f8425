import type { libraryOps } from '../../contract/ops/library.js';
import type { HandlersFor } from '../dispatch.js';
import type { LibraryService } from './service.js';

/** The library's operations, each a thin call into the service. */
export function libraryHandlers(library: LibraryService): HandlersFor<typeof libraryOps> {
  return {
    'library.import': ({ paths, uploads }) => ({ jobId: library.importPaths(paths, uploads).jobId }),
    'library.upload': (chunk) => library.uploads.receive(chunk),
    'library.importReport': ({ jobId }) => library.imports.report(jobId),
    'library.papers': ({ collectionId }) => {
      if (collectionId !== undefined) library.collections.get(collectionId);
      return library.queries.list(collectionId);
    },
    'library.paper': ({ paperId }) => library.paper(paperId),
    'library.ocrText': ({ paperId, page }) => {
      library.paper(paperId);
      return { lines: library.queries.ocrText(paperId, page) };
    },
    'library.remove': ({ paperId }) => ({ removed: library.remove(paperId) }),
    'library.updateMetadata': ({ paperId, ...edit }) => library.updateMetadata(paperId, edit),
    'library.importMetadata': (input) =>
      'zoteroApi' in input ? library.importZoteroApi() : library.importMetadata(input.path),
    'library.collections': () => library.collections.list(),
    'library.createCollection': ({ name }) => library.collections.create(name),
    'library.deleteCollection': ({ collectionId }) => ({ deleted: library.collections.delete(collectionId) }),
    'library.addToCollection': ({ collectionId, paperIds }) => library.collections.addPapers(collectionId, paperIds),
    'library.removeFromCollection': ({ collectionId, paperIds }) =>
      library.collections.removePapers(collectionId, paperIds),
    'library.watch': ({ path }) => {
      const { folder, job } = library.imports.watch(path);
      return { ...folder, jobId: job.jobId };
    },
    'library.unwatch': ({ path }) => ({ removed: library.imports.unwatch(path) }),
    'library.watchedFolders': () => library.imports.watched(),
    // After an import the embedding job starts a moment later: report it once that is decided.
    'library.passageSize': () => library.passageSize(),
    'library.setPassageSize': (size) => library.setPassageSize(size),
    'library.embeddingStatus': async () => {
      await library.embedding.decided();
      return library.embedding.status();
    },
  };
}
