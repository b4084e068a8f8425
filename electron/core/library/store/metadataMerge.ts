import type { ItemType, MetadataField, MetadataSource } from '../../../contract/ops/library.js';

export interface PaperMetadata {
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  itemType: ItemType | null;
  doi: string | null;
  abstract: string | null;
}

export type MetadataSources = Partial<Record<MetadataField, MetadataSource>>;

/**
 * Who may overwrite whom: what the user typed beats a curated record (BibTeX, Zotero) beats what extraction guessed.
 */
function rank(source: MetadataSource | undefined): number {
  if (source === undefined) return 0;
  if (source === 'user') return 3;
  if (source === 'bibtex' || source === 'csl' || source === 'zotero') return 2;
  return 1;
}

export const METADATA_FIELDS: readonly MetadataField[] = [
  'title',
  'authors',
  'year',
  'venue',
  'itemType',
  'doi',
  'abstract',
];

/**
 * Applies `incoming` fields from `source` over `current`, field by field,
 * unless the current value comes from a higher-ranked source. Empty incoming
 * values (null, '', []) never erase a known one, except from the user.
 * Returns the merged metadata, its sources and the fields that changed.
 */
export function mergeMetadata(
  current: PaperMetadata,
  currentSources: MetadataSources,
  incoming: Partial<PaperMetadata>,
  source: MetadataSource,
): { metadata: PaperMetadata; sources: MetadataSources; changed: MetadataField[] } {
  const metadata: PaperMetadata = { ...current, authors: [...current.authors] };
  const sources: MetadataSources = { ...currentSources };
  const changed: MetadataField[] = [];
  for (const field of METADATA_FIELDS) {
    if (!(field in incoming)) continue;
    const value = incoming[field];
    if (value === undefined) continue;
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty && source !== 'user') continue;
    if (rank(source) < rank(sources[field])) continue;
    if (field === 'title' && (value === null || value === '')) continue;
    if (JSON.stringify(metadata[field]) !== JSON.stringify(value)) changed.push(field);
    (metadata as unknown as Record<string, unknown>)[field] = value;
    sources[field] = source;
  }
  return { metadata, sources, changed };
}
