import type { ItemType } from '../../../contract/ops/library.js';

/**
 * One bibliographic record from outside (a BibTeX entry, a CSL-JSON item, a Zotero item), ready to match to a paper.
 */
export interface MetadataRecord {
  /** The record's own key (citation key, CSL id, Zotero item key), for reports. */
  key: string;
  title: string | null;
  authors: string[];
  year: number | null;
  /** The journal, proceedings or institution it appeared in, and its kind of work. */
  venue: string | null;
  itemType: ItemType | null;
  doi: string | null;
  abstract: string | null;
  /** Collections the record belongs to; `origin` identifies one across imports (e.g. "zotero:ABCD1234"). */
  collections: { origin: string; name: string }[];
  /** Absolute paths of its PDF files (Zotero's storage/ attachments). */
  attachments: string[];
}
