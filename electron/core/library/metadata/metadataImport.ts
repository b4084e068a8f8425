import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import type { MetadataImportResult } from '../../../contract/ops/library.js';
import type { CollectionStore } from '../store/collections.js';
import type { PaperMetadata } from '../store/metadataMerge.js';
import type { PaperStore } from '../store/paperStore.js';
import { bibtexRecords } from './bibtex.js';
import { cslRecords } from './cslJson.js';
import { titleKey } from '../normalize.js';
import type { MetadataRecord } from './record.js';
import { zoteroDataDir, zoteroRecords } from './zotero.js';

type Source = MetadataImportResult['source'];

/** Titles shorter than this (as letters and digits) are too generic to match on ("Introduction"). */
const MIN_TITLE_KEY = 12;

function readSource(target: string): { source: Source; records: MetadataRecord[]; warnings: string[] } {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) throw new ScholiumError('NOT_FOUND', `There is no file or folder ${target}.`);
  if (stat.isDirectory() || path.basename(target) === 'zotero.sqlite') {
    zoteroDataDir(target);
    return { source: 'zotero', ...zoteroRecords(target) };
  }
  const text = fs.readFileSync(target, 'utf8').replace(/^\uFEFF/, '');
  const ext = path.extname(target).toLowerCase();
  if (ext === '.json' || ext === '.csljson' || (ext !== '.bib' && /^\s*[[{]/.test(text))) {
    try {
      return { source: 'csl', ...cslRecords(text) };
    } catch (error) {
      throw new ScholiumError('INVALID_REQUEST', `${target} is not a CSL-JSON file: ${(error as Error).message}.`);
    }
  }
  const parsed = bibtexRecords(text);
  if (parsed.records.length === 0 && ext !== '.bib') {
    throw new ScholiumError(
      'UNSUPPORTED',
      `${target} is neither BibTeX (.bib), CSL-JSON (.json) nor a Zotero data folder.`,
    );
  }
  return { source: 'bibtex', ...parsed };
}

/**
 * The paper a record describes: the one holding its attachment file, else the same DOI, else the only one with the same
 * title.
 */
function matchPaper(
  db: Database.Database,
  record: MetadataRecord,
): { paperId: string; title: string; by: 'file' | 'doi' | 'title' } | null {
  for (const file of record.attachments) {
    const hit = db
      .prepare('SELECT p.id, p.title FROM files f JOIN papers p ON p.id = f.paper_id WHERE f.path = ? LIMIT 1')
      .get(file) as { id: string; title: string } | undefined;
    if (hit !== undefined) return { paperId: hit.id, title: hit.title, by: 'file' };
  }
  if (record.doi !== null) {
    const hit = db.prepare('SELECT id, title FROM papers WHERE doi = ? LIMIT 1').get(record.doi) as
      { id: string; title: string } | undefined;
    if (hit !== undefined) return { paperId: hit.id, title: hit.title, by: 'doi' };
  }
  if (record.title !== null) {
    const key = titleKey(record.title);
    if (key.length < MIN_TITLE_KEY) return null;
    const hits = db.prepare('SELECT id, title FROM papers WHERE title_key = ? LIMIT 2').all(key) as {
      id: string;
      title: string;
    }[];
    if (hits.length === 1) return { paperId: hits[0]!.id, title: hits[0]!.title, by: 'title' };
  }
  return null;
}

type Stores = { papers: PaperStore; collections: CollectionStore };

/** Metadata from a BibTeX file, a CSL-JSON file or a Zotero data folder (see applyRecords). */
export function importMetadata(db: Database.Database, stores: Stores, target: string): MetadataImportResult {
  const { source, records, warnings } = readSource(path.resolve(target));
  return applyRecords(db, stores, source, records, warnings);
}

/**
 * Attaches authoritative metadata (and Zotero collections) to papers already
 * in the library, in one transaction. Fields the user edited are kept. The
 * result lists Zotero attachments not in the library yet, to import and then
 * run this again.
 */
export function applyRecords(
  db: Database.Database,
  stores: Stores,
  source: Source,
  records: MetadataRecord[],
  warnings: string[],
): MetadataImportResult {
  const result: MetadataImportResult = {
    source,
    entries: records.length,
    matched: [],
    unmatched: [],
    collections: [],
    attachments: [],
    warnings,
  };
  const touched = new Map<string, string>();
  const inLibrary = db.prepare('SELECT 1 FROM files WHERE path = ? LIMIT 1');
  db.transaction(() => {
    for (const record of records) {
      const match = matchPaper(db, record);
      if (match === null) {
        result.unmatched.push({ key: record.key, title: record.title ?? '' });
        result.attachments.push(...record.attachments.filter((f) => inLibrary.get(f) === undefined));
        continue;
      }
      const incoming: Partial<PaperMetadata> = {};
      if (record.title !== null) incoming.title = record.title;
      if (record.authors.length > 0) incoming.authors = record.authors;
      if (record.year !== null) incoming.year = record.year;
      if (record.venue !== null) incoming.venue = record.venue;
      if (record.itemType !== null) incoming.itemType = record.itemType;
      if (record.doi !== null) incoming.doi = record.doi;
      if (record.abstract !== null) incoming.abstract = record.abstract;
      const { changed } = stores.papers.applyMetadata(match.paperId, incoming, source);
      for (const c of record.collections) {
        const collection = stores.collections.ensure(c.origin, c.name);
        stores.collections.link(collection.collectionId, match.paperId);
        touched.set(collection.collectionId, c.origin);
      }
      result.matched.push({
        paperId: match.paperId,
        title: record.title ?? match.title,
        by: match.by,
        fields: changed,
      });
    }
  }).immediate();
  result.collections = [...touched.keys()].map((id) => stores.collections.get(id));
  return result;
}
