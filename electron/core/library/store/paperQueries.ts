import type Database from 'better-sqlite3';
import type { ItemType, OcrTextLine, PaperDetail, PaperSummary } from '../../../contract/ops/library.js';
import { normalizeDoi, titleKey } from '../normalize.js';
import type { MetadataSources } from './metadataMerge.js';

/** What a citation of a paper says of it: a reference list's entry, a BibTeX entry. */
export interface PaperReference {
  paperId: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  itemType: ItemType | null;
  doi: string | null;
}

interface SummaryRow {
  id: string;
  title: string;
  authors: string;
  year: number | null;
  venue: string | null;
  item_type: PaperSummary['itemType'];
  doi: string | null;
  page_count: number;
  passages: number;
  file: string | null;
  format: PaperSummary['format'];
  status: PaperSummary['status'];
  ocr: number;
  added_at: string;
  collections: string | null;
}

interface DetailRow extends SummaryRow {
  abstract: string | null;
  doc_key: string | null;
  metadata_sources: string;
  user_edited: number;
  warnings: string;
}

const SUMMARY_COLUMNS = `
  p.id, p.title, p.authors, p.year, p.venue, p.item_type, p.doi, p.page_count, p.format, p.status, p.added_at,
  (SELECT count(*) FROM passages WHERE paper_id = p.id) AS passages,
  (SELECT path || CASE WHEN doc_key = '' THEN '' ELSE '#' || doc_key END FROM files WHERE paper_id = p.id ORDER BY id LIMIT 1) AS file,
  EXISTS (SELECT 1 FROM pages WHERE paper_id = p.id AND ocr = 1) AS ocr,
  (SELECT json_group_array(collection_id) FROM paper_collections WHERE paper_id = p.id) AS collections`;

function toSummary(row: SummaryRow): PaperSummary {
  return {
    paperId: row.id,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    year: row.year,
    doi: row.doi,
    pages: row.page_count,
    passages: row.passages,
    file: row.file ?? '',
    format: row.format,
    status: row.status,
    ocr: row.ocr === 1,
    addedAt: row.added_at,
    collectionIds: (JSON.parse(row.collections ?? '[]') as string[]).sort(),
    venue: row.venue,
    itemType: row.item_type,
  };
}

/** Read side of the library: papers as the contract shows them. */
export class PaperQueries {
  constructor(private readonly db: Database.Database) {}

  list(collectionId?: string): PaperSummary[] {
    const rows =
      collectionId === undefined
        ? this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM papers p ORDER BY p.added_at DESC, p.rowid DESC`).all()
        : this.db
            .prepare(
              `SELECT ${SUMMARY_COLUMNS} FROM paper_collections pc JOIN papers p ON p.id = pc.paper_id
               WHERE pc.collection_id = ? ORDER BY p.added_at DESC, p.rowid DESC`,
            )
            .all(collectionId);
    return (rows as SummaryRow[]).map(toSummary);
  }

  detail(paperId: string): PaperDetail | null {
    const row = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, p.abstract, p.doc_key, p.metadata_sources, p.user_edited, p.warnings FROM papers p WHERE p.id = ?`,
      )
      .get(paperId) as DetailRow | undefined;
    if (row === undefined) return null;
    const files = this.db
      .prepare('SELECT path, sha256, size FROM files WHERE paper_id = ? ORDER BY id')
      .all(paperId) as PaperDetail['files'];
    const ocrPages = this.db
      .prepare('SELECT page FROM pages WHERE paper_id = ? AND ocr = 1 ORDER BY page')
      .pluck()
      .all(paperId) as number[];
    return {
      ...toSummary(row),
      ocrPages,
      abstract: row.abstract,
      docKey: row.doc_key,
      files,
      metadataSources: JSON.parse(row.metadata_sources) as MetadataSources,
      userEdited: row.user_edited === 1,
      warnings: JSON.parse(row.warnings) as string[],
    };
  }

  /** The words OCR read on a page, where they lie; none for a page with a text layer (or no such page). */
  ocrText(paperId: string, page: number): OcrTextLine[] {
    const words = this.db
      .prepare('SELECT ocr_words FROM pages WHERE paper_id = ? AND page = ?')
      .pluck()
      .get(paperId, page) as string | null | undefined;
    return words == null ? [] : (JSON.parse(words) as OcrTextLine[]);
  }

  /** What a citation of the paper shows (a reference list, a BibTeX entry), or null when there is no such paper. */
  citation(paperId: string): PaperReference | null {
    const row = this.db
      .prepare('SELECT id, title, authors, year, venue, item_type, doi FROM papers WHERE id = ?')
      .get(paperId) as
      Pick<SummaryRow, 'id' | 'title' | 'authors' | 'year' | 'venue' | 'item_type' | 'doi'> | undefined;
    return row === undefined
      ? null
      : {
          paperId: row.id,
          title: row.title,
          authors: JSON.parse(row.authors) as string[],
          year: row.year,
          venue: row.venue,
          itemType: row.item_type,
          doi: row.doi,
        };
  }

  /** The paper a reference names by id, DOI or title (compared on letters and digits); null if none or ambiguous. */
  matchReference(reference: string): string | null {
    const byId = this.db.prepare('SELECT id FROM papers WHERE id = ?').get(reference) as { id: string } | undefined;
    if (byId !== undefined) return byId.id;
    const doi = normalizeDoi(reference);
    if (doi !== null) {
      const byDoi = this.db.prepare('SELECT id FROM papers WHERE lower(doi) = ?').get(doi) as
        { id: string } | undefined;
      if (byDoi !== undefined) return byDoi.id;
    }
    const byTitle = this.db.prepare('SELECT id FROM papers WHERE title_key = ? LIMIT 2').all(titleKey(reference)) as {
      id: string;
    }[];
    return byTitle.length === 1 ? byTitle[0]!.id : null;
  }

  exists(paperId: string): boolean {
    return this.db.prepare('SELECT 1 FROM papers WHERE id = ?').get(paperId) !== undefined;
  }

  /** The paper that already holds these bytes (same document key), and the file it came from. */
  paperWithContent(sha256: string, docKey: string): { paperId: string; path: string } | undefined {
    return this.db
      .prepare('SELECT paper_id AS paperId, path FROM files WHERE sha256 = ? AND doc_key = ? ORDER BY id LIMIT 1')
      .get(sha256, docKey) as { paperId: string; path: string } | undefined;
  }

  /** Files recorded at a path (one per document for a JSONL file). */
  filesAt(path: string): { docKey: string; sha256: string; size: number; mtimeMs: number; paperId: string }[] {
    return this.db
      .prepare(
        'SELECT doc_key AS docKey, sha256, size, mtime_ms AS mtimeMs, paper_id AS paperId FROM files WHERE path = ? ORDER BY id',
      )
      .all(path) as { docKey: string; sha256: string; size: number; mtimeMs: number; paperId: string }[];
  }

  /** Recorded files under a folder (for a watched folder's rescan). */
  pathsUnder(folder: string, separator: string): string[] {
    const prefix = folder.endsWith(separator) ? folder : folder + separator;
    // Every path starting with "dir/" sorts between "dir/" and "dir0" ('0' follows '/'), so the path index answers it.
    const upper = prefix.slice(0, -1) + String.fromCharCode(separator.charCodeAt(0) + 1);
    const rows = this.db.prepare('SELECT DISTINCT path FROM files WHERE path >= ? AND path < ?').all(prefix, upper) as {
      path: string;
    }[];
    return rows.map((r) => r.path);
  }

  /** How many other files hold the same paper (a changed file must not rewrite a paper other files still show). */
  fileCount(paperId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM files WHERE paper_id = ?').get(paperId) as { n: number }).n;
  }
}
