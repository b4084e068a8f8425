import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ItemType, MetadataField, MetadataSource } from '../../../contract/ops/library.js';
import type { ExtractedDocument } from '../types.js';
import { normalizeDoi, titleKey } from '../normalize.js';
import { mergeMetadata, type MetadataSources, type PaperMetadata } from './metadataMerge.js';

export type DocumentFormat = 'pdf' | 'text' | 'markdown' | 'jsonl';

/** A file as found on disk; `docKey` names one document inside a multi-document file ('' otherwise). */
export interface FileRecord {
  path: string;
  docKey: string;
  sha256: string;
  size: number;
  mtimeMs: number;
}

export interface NewPaper {
  format: DocumentFormat;
  file: FileRecord;
  document: ExtractedDocument;
  /** Used when extraction found no title (the file name, say). */
  fallbackTitle: string;
}

export interface WrittenPaper {
  paperId: string;
  title: string;
  pages: number;
  passages: number;
}

interface PaperMetaRow {
  title: string;
  authors: string;
  year: number | null;
  venue: string | null;
  item_type: ItemType | null;
  doi: string | null;
  abstract: string | null;
  metadata_sources: string;
}

/**
 * Writes papers with everything that hangs off them. None of these methods
 * opens a transaction: the import wraps a whole paper (and its job record)
 * in one, so a paper is in the library completely or not at all.
 */
export class PaperStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  insertPaper(paper: NewPaper): WrittenPaper {
    const paperId = randomUUID();
    const at = this.now().toISOString();
    const { metadata, sources } = this.extractedMetadata(paper);
    this.db
      .prepare(
        `INSERT INTO papers (id, title, title_key, authors, year, venue, item_type, doi, abstract, metadata_sources, format, doc_key, page_count, warnings, added_at, updated_at)
         VALUES (@id, @title, @titleKey, @authors, @year, @venue, @itemType, @doi, @abstract, @sources, @format, @docKey, @pageCount, @warnings, @at, @at)`,
      )
      .run({
        id: paperId,
        ...this.metadataParams(metadata),
        sources: JSON.stringify(sources),
        format: paper.format,
        docKey: paper.file.docKey === '' ? null : paper.file.docKey,
        pageCount: paper.document.pageCount,
        warnings: JSON.stringify(paper.document.warnings),
        at,
      });
    this.addFile(paperId, paper.file);
    return this.insertContent(paperId, metadata.title, paper.document);
  }

  /**
   * A file changed on disk: its paper keeps its id, collections and any
   * metadata that did not come from extraction; pages and passages are rebuilt.
   */
  replaceContent(paperId: string, paper: NewPaper): WrittenPaper {
    const current = this.metadataOf(paperId);
    const extracted = this.extractedMetadata(paper);
    const merged = mergeMetadata(current.metadata, current.sources, extracted.metadata, 'layout');
    // Keep each field's own extraction source rather than the blanket 'layout' used for ranking.
    for (const field of merged.changed) merged.sources[field] = extracted.sources[field] ?? 'layout';
    this.db.prepare('DELETE FROM passages WHERE paper_id = ?').run(paperId);
    this.db.prepare('DELETE FROM pages WHERE paper_id = ?').run(paperId);
    this.db
      .prepare(
        `UPDATE papers SET title = @title, title_key = @titleKey, authors = @authors, year = @year, venue = @venue, item_type = @itemType, doi = @doi, abstract = @abstract,
           metadata_sources = @sources, page_count = @pageCount, warnings = @warnings, status = 'indexed', updated_at = @at WHERE id = @id`,
      )
      .run({
        id: paperId,
        ...this.metadataParams(merged.metadata),
        sources: JSON.stringify(merged.sources),
        pageCount: paper.document.pageCount,
        warnings: JSON.stringify(paper.document.warnings),
        at: this.now().toISOString(),
      });
    this.db
      .prepare(
        'UPDATE files SET sha256 = @sha256, size = @size, mtime_ms = @mtimeMs WHERE path = @path AND doc_key = @docKey',
      )
      .run(paper.file);
    return this.insertContent(paperId, merged.metadata.title, paper.document);
  }

  /** Records a file for a paper (its first file, or the same bytes under another name). */
  addFile(paperId: string, file: FileRecord): void {
    this.db
      .prepare(
        `INSERT INTO files (path, doc_key, sha256, size, mtime_ms, paper_id, added_at) VALUES (@path, @docKey, @sha256, @size, @mtimeMs, @paperId, @at)
         ON CONFLICT (path, doc_key) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, paper_id = excluded.paper_id`,
      )
      .run({ ...file, paperId, at: this.now().toISOString() });
  }

  /** Forgets one file; a paper left without any file leaves the library too. Returns the papers removed. */
  removeFile(path: string, docKey?: string): string[] {
    const rows = this.db
      .prepare(`DELETE FROM files WHERE path = ? AND (? IS NULL OR doc_key = ?) RETURNING paper_id`)
      .all(path, docKey ?? null, docKey ?? null) as { paper_id: string }[];
    const orphans = [...new Set(rows.map((r) => r.paper_id))].filter(
      (id) => this.db.prepare('SELECT 1 FROM files WHERE paper_id = ? LIMIT 1').get(id) === undefined,
    );
    for (const id of orphans) this.removePaper(id);
    return orphans;
  }

  /** Deletes a paper; files, pages, passages (and through triggers their FTS rows and vectors) follow. */
  removePaper(paperId: string): boolean {
    return this.db.prepare('DELETE FROM papers WHERE id = ?').run(paperId).changes > 0;
  }

  /** Applies metadata from `source` field by field, respecting what ranks higher (see mergeMetadata). */
  applyMetadata(
    paperId: string,
    incoming: Partial<PaperMetadata>,
    source: MetadataSource,
  ): { changed: MetadataField[] } {
    const current = this.metadataOf(paperId);
    const merged = mergeMetadata(current.metadata, current.sources, incoming, source);
    if (merged.changed.length === 0 && source !== 'user') return { changed: [] };
    this.db
      .prepare(
        `UPDATE papers SET title = @title, title_key = @titleKey, authors = @authors, year = @year, venue = @venue, item_type = @itemType, doi = @doi, abstract = @abstract,
           metadata_sources = @sources, user_edited = user_edited OR @user, updated_at = @at WHERE id = @id`,
      )
      .run({
        id: paperId,
        ...this.metadataParams(merged.metadata),
        sources: JSON.stringify(merged.sources),
        user: source === 'user' ? 1 : 0,
        at: this.now().toISOString(),
      });
    return { changed: merged.changed };
  }

  metadataOf(paperId: string): { metadata: PaperMetadata; sources: MetadataSources } {
    const row = this.db
      .prepare(
        'SELECT title, authors, year, venue, item_type, doi, abstract, metadata_sources FROM papers WHERE id = ?',
      )
      .get(paperId) as PaperMetaRow | undefined;
    if (row === undefined) throw new Error(`paper ${paperId} is not in the library`);
    return {
      metadata: {
        title: row.title,
        authors: JSON.parse(row.authors) as string[],
        year: row.year,
        venue: row.venue,
        itemType: row.item_type,
        doi: row.doi,
        abstract: row.abstract,
      },
      sources: JSON.parse(row.metadata_sources) as MetadataSources,
    };
  }

  private insertContent(paperId: string, title: string, document: ExtractedDocument): WrittenPaper {
    const page = this.db.prepare(
      'INSERT INTO pages (paper_id, page, width, height, text, ocr, ocr_words) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of document.pages)
      page.run(
        paperId,
        p.page,
        p.width,
        p.height,
        p.text,
        p.ocr ? 1 : 0,
        p.ocrLines === undefined ? null : JSON.stringify(p.ocrLines),
      );
    const passage = this.db.prepare(
      'INSERT INTO passages (paper_id, ordinal, section, kind, text, page, spans, boxes, ocr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    document.passages.forEach((p, ordinal) => {
      passage.run(
        paperId,
        ordinal,
        p.section,
        p.kind,
        p.text,
        p.spans[0]?.page ?? null,
        JSON.stringify(p.spans),
        JSON.stringify(p.boxes),
        p.ocr ? 1 : 0,
      );
    });
    return { paperId, title, pages: document.pages.length, passages: document.passages.length };
  }

  private extractedMetadata(paper: NewPaper): { metadata: PaperMetadata; sources: MetadataSources } {
    const m = paper.document.metadata;
    const sources: MetadataSources = {};
    for (const [field, source] of Object.entries(m.sources)) sources[field as keyof MetadataSources] = source;
    const title = m.title?.trim() ?? '';
    if (title === '') sources.title = 'file';
    const doi = normalizeDoi(m.doi);
    if (doi === null) delete sources.doi;
    return {
      metadata: {
        title: title === '' ? paper.fallbackTitle : title,
        authors: m.authors,
        year: m.year,
        venue: m.venue,
        itemType: m.itemType,
        doi,
        abstract: m.abstract,
      },
      sources,
    };
  }

  private metadataParams(m: PaperMetadata): Record<string, unknown> {
    return {
      title: m.title,
      titleKey: titleKey(m.title),
      authors: JSON.stringify(m.authors),
      year: m.year,
      venue: m.venue,
      itemType: m.itemType,
      doi: m.doi,
      abstract: m.abstract,
    };
  }
}
