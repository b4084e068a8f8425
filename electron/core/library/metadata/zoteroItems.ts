import { normalizeDoi } from '../normalize.js';

/** Zotero item types that are not works to match against papers. */
export const NON_WORK_TYPES = new Set(['attachment', 'note', 'annotation']);

/**
 * An item's DOI: its DOI field, else a "DOI: 10.x/..." line in Extra (where Zotero keeps it for types without the
 * field).
 */
export function zoteroDoi(doi: string | undefined, extra: string | undefined): string | null {
  return normalizeDoi(doi ?? /DOI:\s*\S+/i.exec(extra ?? '')?.[0] ?? null);
}

/** Full names of nested collections, "Thesis › Chapter 2", by key (cycles and missing parents cut short). */
export function nestedCollectionNames<K>(collections: { key: K; name: string; parent: K | null }[]): Map<K, string> {
  const byKey = new Map(collections.map((c) => [c.key, c]));
  const full = (key: K, depth: number): string => {
    const c = byKey.get(key)!;
    return c.parent === null || !byKey.has(c.parent) || depth > 20
      ? c.name
      : `${full(c.parent, depth + 1)} › ${c.name}`;
  };
  return new Map(collections.map((c) => [c.key, full(c.key, 0)]));
}
