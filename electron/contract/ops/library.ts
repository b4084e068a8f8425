import { z } from 'zod';
import { op } from './define.js';

const PaperId = z.string().min(1).max(100);
const FilePath = z.string().min(1).max(4096);

export const PaperStatusSchema = z.enum(['indexed', 'embedded']);

/** What kind of work a paper is, as a reference manager files it (BibTeX exports it as @article, @inproceedings…). */
export const ItemTypeSchema = z.enum([
  'journal-article',
  'conference-paper',
  'preprint',
  'report',
  'thesis',
  'book',
  'book-chapter',
]);
export type ItemType = z.infer<typeof ItemTypeSchema>;

export const PaperSummarySchema = z.object({
  paperId: z.string(),
  title: z.string(),
  authors: z.array(z.string()),
  year: z.number().int().nullable(),
  doi: z.string().nullable(),
  pages: z.number().int(),
  passages: z.number().int(),
  /** The file the paper was first imported from (`file.jsonl#id` for a document inside a JSONL file). */
  file: z.string(),
  format: z.enum(['pdf', 'text', 'markdown', 'jsonl']),
  /** "indexed": full-text search only; "embedded": every passage has a vector of the current embedding model. */
  status: PaperStatusSchema,
  /** Some pages were read by OCR. */
  ocr: z.boolean(),
  addedAt: z.string(),
  collectionIds: z.array(z.string()),
  /** The journal, proceedings or series it appeared in. */
  venue: z.string().nullable(),
  itemType: ItemTypeSchema.nullable(),
});
export type PaperSummary = z.infer<typeof PaperSummarySchema>;

export const MetadataSourceSchema = z.enum([
  'layout',
  'info',
  'xmp',
  'text',
  'file',
  'bibtex',
  'csl',
  'zotero',
  'user',
]);
export type MetadataSource = z.infer<typeof MetadataSourceSchema>;
export const MetadataFieldSchema = z.enum(['title', 'authors', 'year', 'venue', 'itemType', 'doi', 'abstract']);
export type MetadataField = z.infer<typeof MetadataFieldSchema>;

export const PaperDetailSchema = PaperSummarySchema.extend({
  abstract: z.string().nullable(),
  /** The id of the document inside a multi-document file (a JSONL line's `_id`). */
  docKey: z.string().nullable(),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), size: z.number().int() })),
  metadataSources: z.partialRecord(MetadataFieldSchema, MetadataSourceSchema),
  userEdited: z.boolean(),
  warnings: z.array(z.string()),
  /** Pages read by OCR: the Reader lays their words (library.ocrText) over the scan as a text layer. */
  ocrPages: z.array(z.number().int()),
});
export type PaperDetail = z.infer<typeof PaperDetailSchema>;

/** A line OCR read on a scanned page: top and bottom, and each word's left and right edge (PDF points, top-left). */
export const OcrTextLineSchema = z.object({
  top: z.number(),
  bottom: z.number(),
  words: z.array(z.object({ x0: z.number(), x1: z.number(), text: z.string() })),
});
export type OcrTextLine = z.infer<typeof OcrTextLineSchema>;

export const ImportSummarySchema = z.object({
  imported: z.array(
    z.object({
      paperId: z.string(),
      file: z.string(),
      title: z.string(),
      pages: z.number().int(),
      passages: z.number().int(),
    }),
  ),
  duplicates: z.array(z.object({ file: z.string(), paperId: z.string(), duplicateOf: z.string() })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  failed: z.array(z.object({ file: z.string(), error: z.string(), code: z.string() })),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportReportSchema = ImportSummarySchema.extend({
  importId: z.string(),
  jobId: z.string(),
  state: z.enum(['running', 'interrupted', 'done', 'cancelled']),
  files: z.number().int(),
  pending: z.number().int(),
  /** Papers a watched folder's rescan took out because their file was deleted. */
  removed: z.array(z.object({ file: z.string(), paperId: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const CollectionSchema = z.object({ collectionId: z.string(), name: z.string(), paperCount: z.number().int() });
export type Collection = z.infer<typeof CollectionSchema>;

export const WatchedFolderSchema = z.object({
  path: z.string(),
  addedAt: z.string(),
  lastScanAt: z.string().nullable(),
});

export const MetadataImportResultSchema = z.object({
  source: z.enum(['bibtex', 'csl', 'zotero']),
  entries: z.number().int(),
  matched: z.array(
    z.object({
      paperId: z.string(),
      title: z.string(),
      by: z.enum(['file', 'doi', 'title']),
      fields: z.array(MetadataFieldSchema),
    }),
  ),
  unmatched: z.array(z.object({ key: z.string(), title: z.string() })),
  collections: z.array(CollectionSchema),
  /** Zotero attachments (PDFs in storage/) not yet in the library, to import next. */
  attachments: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type MetadataImportResult = z.infer<typeof MetadataImportResultSchema>;

export const EmbeddingStatusSchema = z.object({
  modelId: z.string().nullable(),
  dimension: z.number().int().nullable(),
  passages: z.number().int(),
  embedded: z.number().int(),
  /** The running (re-)embedding job, if any. */
  jobId: z.string().nullable(),
});

/** How imports cut sections into passages: words per passage and words repeated into the next passage. */
export const PassageSizeSchema = z
  .object({
    minWords: z.number().int().min(50).max(2000),
    maxWords: z.number().int().min(50).max(4000),
    overlapWords: z.number().int().min(0).max(500),
  })
  .strict()
  .refine((p) => p.maxWords >= p.minWords, {
    message: 'The largest passage must have at least as many words as the smallest.',
    path: ['maxWords'],
  })
  .refine((p) => p.overlapWords < p.minWords / 2, {
    message: 'The overlap must be under half the smallest passage, or passages would mostly repeat each other.',
    path: ['overlapWords'],
  });
export type PassageSize = z.infer<typeof PassageSizeSchema>;
const PassageSettingsSchema = z.object({
  saved: PassageSizeSchema,
  /** What this process's imports use: the saved size applies when Scholium next starts. */
  inUse: PassageSizeSchema,
});

const CollectionRef = z
  .object({ collectionId: z.string().min(1), paperIds: z.array(PaperId).min(1).max(10_000) })
  .strict();

export const libraryOps = {
  'library.import': op(
    z
      .object({
        paths: z.array(FilePath).max(10_000).default([]),
        /** Ids from library.upload (browser mode, where the page cannot name files on disk). */
        uploads: z.array(z.string().min(1).max(100)).max(1000).default([]),
      })
      .strict()
      .refine((v) => v.paths.length + v.uploads.length > 0, 'name at least one file or folder to import'),
    z.object({ jobId: z.string() }),
    'Import PDFs and text documents (files or folders, recursively) as a job with per-file progress; see library.importReport.',
  ),
  'library.upload': op(
    z
      .object({
        uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
        name: z.string().min(1).max(255),
        offset: z.number().int().min(0),
        /** Base64 chunk, at most 8 MiB decoded. */
        data: z.string().max(11_200_000),
        done: z.boolean(),
      })
      .strict(),
    z.object({ received: z.number().int() }),
    'Send a file to the library in chunks (browser mode); import it with library.import {uploads}.',
  ),
  'library.importReport': op(
    z.object({ jobId: z.string().min(1) }).strict(),
    ImportReportSchema,
    'What an import did so far, by file: imported, duplicates, skipped and failed with reasons.',
  ),
  'library.papers': op(
    z.object({ collectionId: z.string().min(1).optional() }).strict(),
    z.array(PaperSummarySchema),
    'Papers in the library (or in one collection), newest first.',
  ),
  'library.paper': op(
    z.object({ paperId: PaperId }).strict(),
    PaperDetailSchema,
    'One paper with its files and metadata sources.',
  ),
  'library.ocrText': op(
    z.object({ paperId: PaperId, page: z.number().int().min(1) }).strict(),
    z.object({ lines: z.array(OcrTextLineSchema) }),
    'The words OCR read on a scanned page, line by line, where they lie (no lines for a page with a text layer).',
  ),
  'library.remove': op(
    z.object({ paperId: PaperId }).strict(),
    z.object({ removed: z.boolean() }),
    'Remove a paper, its passages and vectors.',
  ),
  'library.updateMetadata': op(
    z
      .object({
        paperId: PaperId,
        title: z.string().trim().min(1).max(1000).optional(),
        authors: z.array(z.string().trim().min(1).max(300)).max(1000).optional(),
        year: z.number().int().min(1000).max(2200).nullable().optional(),
        venue: z.string().trim().max(1000).nullable().optional(),
        itemType: ItemTypeSchema.nullable().optional(),
        doi: z.string().trim().max(300).nullable().optional(),
        abstract: z.string().max(20_000).nullable().optional(),
      })
      .strict(),
    PaperDetailSchema,
    'Edit a paper’s metadata; edited fields are never overwritten by later automatic imports.',
  ),
  'library.importMetadata': op(
    z.union([
      z.object({ path: FilePath }).strict(),
      /** The running Zotero, through its local API on 127.0.0.1. */
      z.object({ zoteroApi: z.literal(true) }).strict(),
    ]),
    MetadataImportResultSchema,
    'Attach metadata and collections from a BibTeX file, a CSL-JSON file, a Zotero data folder or the running Zotero, matched by file, DOI, then title.',
  ),
  'library.collections': op(z.object({}).strict(), z.array(CollectionSchema), 'Collections with their paper counts.'),
  'library.createCollection': op(
    z.object({ name: z.string().trim().min(1).max(200) }).strict(),
    CollectionSchema,
    'Create a collection.',
  ),
  'library.deleteCollection': op(
    z.object({ collectionId: z.string().min(1) }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a collection (its papers stay in the library).',
  ),
  'library.addToCollection': op(CollectionRef, CollectionSchema, 'Add papers to a collection.'),
  'library.removeFromCollection': op(CollectionRef, CollectionSchema, 'Take papers out of a collection.'),
  'library.watch': op(
    z.object({ path: FilePath }).strict(),
    WatchedFolderSchema.extend({ jobId: z.string() }),
    'Watch a folder: import it now and keep new, changed and removed files in step.',
  ),
  'library.unwatch': op(
    z.object({ path: FilePath }).strict(),
    z.object({ removed: z.boolean() }),
    'Stop watching a folder (its papers stay).',
  ),
  'library.watchedFolders': op(z.object({}).strict(), z.array(WatchedFolderSchema), 'Folders being watched.'),
  'library.embeddingStatus': op(
    z.object({}).strict(),
    EmbeddingStatusSchema,
    'Which embedding model the passages are embedded with, and how many are.',
  ),
  'library.passageSize': op(
    z.object({}).strict(),
    PassageSettingsSchema,
    'The passage size kept in the library, and the one imports in this process use.',
  ),
  'library.setPassageSize': op(
    PassageSizeSchema,
    PassageSettingsSchema,
    'Keep a new passage size in the library: papers imported after Scholium next starts are cut to it; papers already in the library keep their passages.',
  ),
};
