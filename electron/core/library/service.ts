import path from 'node:path';
import { ScholiumError, type JobSnapshot } from '../../contract/index.js';
import type { MetadataImportResult, PaperDetail, PassageSize } from '../../contract/ops/library.js';
import type { CoreContext } from '../context.js';
import { DEFAULT_CHUNKING, type ChunkingOptions } from './types.js';
import type { DocumentExtractor } from './extract/extractor.js';
import { EmbeddingStage, type EmbedderSource } from './import/embeddingStage.js';
import { readPassageSize, writePassageSize } from './passageSize.js';
import { ImportService } from './import/importService.js';
import { UploadStore } from './import/uploads.js';
import { applyRecords, importMetadata } from './metadata/metadataImport.js';
import { zoteroApiRecords } from './metadata/zoteroApi.js';
import { normalizeDoi } from './normalize.js';
import { CollectionStore } from './store/collections.js';
import { PaperQueries } from './store/paperQueries.js';
import { PaperStore } from './store/paperStore.js';
import type { PaperMetadata } from './store/metadataMerge.js';
import { pdfFileOf } from './paperFile.js';

export interface LibraryServiceOptions {
  /** Makes the PDF extractor (the worker pool) when the first PDF needs it, chunking as the library does. */
  extractor: (chunking: ChunkingOptions) => DocumentExtractor;
  /** The embedder of the embedding model set now; none: passages stay full-text only. */
  embedder?: EmbedderSource;
  chunking?: ChunkingOptions;
  /** Quiet time after the last change in a watched folder before it is rescanned. */
  watchDebounceMs?: number;
}

/**
 * The library concern: import (with resume and watched folders), the paper
 * store, metadata and collections, and the embedding stage.
 */
export class LibraryService {
  readonly papers: PaperStore;
  readonly queries: PaperQueries;
  readonly collections: CollectionStore;
  readonly imports: ImportService;
  readonly embedding: EmbeddingStage;
  readonly uploads: UploadStore;
  private extractor: DocumentExtractor | null = null;

  /** The passage size this process's imports cut to (a newly saved one applies at the next start). */
  readonly chunking: ChunkingOptions;

  constructor(
    private readonly ctx: CoreContext,
    options: LibraryServiceOptions,
  ) {
    this.chunking = options.chunking ?? DEFAULT_CHUNKING;
    this.papers = new PaperStore(ctx.db);
    this.queries = new PaperQueries(ctx.db);
    this.collections = new CollectionStore(ctx.db);
    this.uploads = new UploadStore(path.join(ctx.libraryDir, 'uploads'));
    this.embedding = new EmbeddingStage(ctx.db, ctx.jobs, options.embedder ?? (() => null));
    this.imports = new ImportService({
      db: ctx.db,
      jobs: ctx.jobs,
      papers: this.papers,
      queries: this.queries,
      chunking: this.chunking,
      extractor: () => (this.extractor ??= options.extractor(this.chunking)),
      onImportEnded: () => void this.embedding.start().catch(() => undefined),
      debounceMs: options.watchDebounceMs,
      userFacing: (text) => this.uploads.userFacing(text),
    });
  }

  /**
   * For the app and the host: finish imports a stopped process left, watch the watched folders, embed what is missing.
   */
  resumeBackgroundWork(): void {
    this.imports.resumeInterrupted();
    this.imports.resumeWatching();
    void this.embedding.start().catch(() => undefined);
  }

  passageSize(): { saved: PassageSize; inUse: PassageSize } {
    return { saved: readPassageSize(this.ctx.db), inUse: this.chunking };
  }

  setPassageSize(size: PassageSize): { saved: PassageSize; inUse: PassageSize } {
    return { saved: writePassageSize(this.ctx.db, size), inUse: this.chunking };
  }

  importPaths(paths: readonly string[], uploads: readonly string[] = []): JobSnapshot {
    return this.imports.start([...paths, ...uploads.map((id) => this.uploads.pathOf(id))]);
  }

  paper(paperId: string): PaperDetail {
    const detail = this.queries.detail(paperId);
    if (detail === null) throw new ScholiumError('NOT_FOUND', `There is no paper with id ${paperId} in the library.`);
    return detail;
  }

  /** The PDF file on disk to show for a paper (NOT_FOUND, in words, when there is none). */
  pdfFile(paperId: string): string {
    return pdfFileOf(this.paper(paperId));
  }

  /** A user edit: each given field is marked as the user's and never overwritten by automatic imports. */
  updateMetadata(paperId: string, edit: Partial<PaperMetadata>): PaperDetail {
    this.paper(paperId);
    const fields: Partial<PaperMetadata> = { ...edit };
    if (edit.doi !== undefined && edit.doi !== null && edit.doi !== '') {
      const doi = normalizeDoi(edit.doi);
      if (doi === null)
        throw new ScholiumError('INVALID_REQUEST', `“${edit.doi}” is not a DOI (a DOI looks like 10.1234/abcd).`);
      fields.doi = doi;
    }
    if (edit.doi === '') fields.doi = null;
    if (edit.abstract === '') fields.abstract = null;
    if (edit.venue === '') fields.venue = null;
    this.ctx.db.transaction(() => this.papers.applyMetadata(paperId, fields, 'user')).immediate();
    return this.paper(paperId);
  }

  remove(paperId: string): boolean {
    return this.ctx.db.transaction(() => this.papers.removePaper(paperId)).immediate();
  }

  importMetadata(target: string): MetadataImportResult {
    return importMetadata(this.ctx.db, { papers: this.papers, collections: this.collections }, target);
  }

  /** Metadata from the running Zotero, through its local API on 127.0.0.1. */
  async importZoteroApi(base?: string): Promise<MetadataImportResult> {
    const { records, warnings } = await zoteroApiRecords(base);
    return applyRecords(
      this.ctx.db,
      { papers: this.papers, collections: this.collections },
      'zotero',
      records,
      warnings,
    );
  }

  async close(): Promise<void> {
    this.imports.close();
    await this.embedding.stop();
    await this.extractor?.close();
    this.extractor = null;
  }
}
