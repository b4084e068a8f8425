import { normalizeDoi, parseYear } from '../normalize.js';
import { cslPlacement } from './itemTypes.js';
import type { MetadataRecord } from './record.js';

interface CslName {
  family?: unknown;
  given?: unknown;
  literal?: unknown;
  'non-dropping-particle'?: unknown;
  suffix?: unknown;
}

interface CslItem {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  'container-title'?: unknown;
  publisher?: unknown;
  author?: unknown;
  issued?: { 'date-parts'?: unknown; raw?: unknown; literal?: unknown };
  DOI?: unknown;
  abstract?: unknown;
  URL?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function cslName(n: CslName): string | null {
  const literal = str(n.literal);
  if (literal !== null) return literal;
  const parts = [str(n.given), str(n['non-dropping-particle']), str(n.family)].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  const suffix = str(n.suffix);
  return suffix === null ? parts.join(' ') : `${parts.join(' ')}, ${suffix}`;
}

function cslYear(issued: CslItem['issued']): number | null {
  if (issued === undefined || issued === null || typeof issued !== 'object') return null;
  const parts = issued['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) return parseYear(parts[0][0]);
  return parseYear(issued.raw ?? issued.literal);
}

/** CSL-JSON (Zotero's, Mendeley's, pandoc's export): an array of items, or one item. */
export function cslRecords(source: string): { records: MetadataRecord[]; warnings: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new Error(`it is not valid JSON (${(error as Error).message})`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const warnings: string[] = [];
  const records: MetadataRecord[] = [];
  items.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      warnings.push(`Item ${i + 1} is not a JSON object; it was left out.`);
      return;
    }
    const item = raw as CslItem;
    const authors = Array.isArray(item.author)
      ? item.author.map((a) => (typeof a === 'object' && a !== null ? cslName(a as CslName) : null))
      : [];
    const placed = cslPlacement(str(item.type), str(item['container-title']), str(item.publisher));
    records.push({
      key: str(item.id) ?? (typeof item.id === 'number' ? String(item.id) : `item ${i + 1}`),
      title: str(item.title),
      authors: authors.filter((a): a is string => a !== null),
      year: cslYear(item.issued),
      ...placed,
      doi: normalizeDoi(str(item.DOI) ?? str(item.URL)),
      abstract: str(item.abstract),
      collections: [],
      attachments: [],
    });
  });
  return { records, warnings };
}
