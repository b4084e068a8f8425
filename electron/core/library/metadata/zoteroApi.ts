import { fileURLToPath } from 'node:url';
import { ScholiumError } from '../../../contract/index.js';
import { parseYear } from '../normalize.js';
import { zoteroPlacement } from './itemTypes.js';
import type { MetadataRecord } from './record.js';
import { NON_WORK_TYPES, nestedCollectionNames, zoteroDoi } from './zoteroItems.js';

/** Zotero 7's local API: only ever on this computer's loopback address. */
export const ZOTERO_LOCAL_API = 'http://127.0.0.1:23119/api/users/0';

interface ApiItem {
  key: string;
  data: {
    itemType: string;
    title?: string;
    creators?: { creatorType?: string; firstName?: string; lastName?: string; name?: string }[];
    date?: string;
    publicationTitle?: string;
    proceedingsTitle?: string;
    conferenceName?: string;
    bookTitle?: string;
    institution?: string;
    university?: string;
    repository?: string;
    publisher?: string;
    DOI?: string;
    extra?: string;
    abstractNote?: string;
    collections?: string[];
    parentItem?: string;
    contentType?: string;
  };
  links?: { enclosure?: { href?: string } };
}

interface ApiCollection {
  key: string;
  data: { name: string; parentCollection: string | false };
}

const PAGE = 100;

async function getAll<T>(base: string, route: string, fetchJson: (url: string) => Promise<unknown>): Promise<T[]> {
  const all: T[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = (await fetchJson(`${base}/${route}?format=json&limit=${PAGE}&start=${start}`)) as T[];
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/**
 * Reads the library of a running Zotero through its local API (loopback only,
 * read-only): items, their collections (nested ones "Parent › Child") and
 * their PDF attachments' files. Fails with a sentence saying how to enable
 * the API when Zotero does not answer.
 */
export async function zoteroApiRecords(
  base = ZOTERO_LOCAL_API,
): Promise<{ records: MetadataRecord[]; warnings: string[] }> {
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.hostname !== '[::1]') {
    throw new ScholiumError('INVALID_REQUEST', 'Zotero’s local API is only read on this computer (127.0.0.1).');
  }
  const fetchJson = async (target: string): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(target, { headers: { 'Zotero-API-Version': '3' }, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new ScholiumError(
        'UNSUPPORTED',
        'Zotero is not running, or its local API is off (Zotero 7: Settings → Advanced → “Allow other applications on this computer to communicate with Zotero”).',
      );
    }
    if (!response.ok)
      throw new ScholiumError(
        'UNSUPPORTED',
        `Zotero’s local API answered ${response.status} for ${new URL(target).pathname}.`,
      );
    return response.json();
  };
  const [items, collections] = [
    await getAll<ApiItem>(base, 'items', fetchJson),
    await getAll<ApiCollection>(base, 'collections', fetchJson),
  ];
  const names = nestedCollectionNames(
    collections.map((c) => ({
      key: c.key,
      name: c.data.name,
      parent: c.data.parentCollection === false ? null : c.data.parentCollection,
    })),
  );
  const attachments = new Map<string, string[]>();
  for (const item of items) {
    const href = item.links?.enclosure?.href;
    if (
      item.data.itemType !== 'attachment' ||
      item.data.parentItem === undefined ||
      href === undefined ||
      !href.startsWith('file:')
    )
      continue;
    if (item.data.contentType !== 'application/pdf') continue;
    attachments.set(item.data.parentItem, [...(attachments.get(item.data.parentItem) ?? []), fileURLToPath(href)]);
  }
  const records = items
    .filter((i) => !NON_WORK_TYPES.has(i.data.itemType))
    .map((item): MetadataRecord => {
      const creators = item.data.creators ?? [];
      const authors = creators.some((c) => c.creatorType === 'author')
        ? creators.filter((c) => c.creatorType === 'author')
        : creators;
      return {
        key: item.key,
        title: item.data.title ?? null,
        authors: authors
          .map((c) => c.name ?? `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim())
          .filter((n) => n !== ''),
        year: parseYear(item.data.date),
        ...zoteroPlacement(item.data.itemType, item.data),
        doi: zoteroDoi(item.data.DOI, item.data.extra),
        abstract: item.data.abstractNote === undefined || item.data.abstractNote === '' ? null : item.data.abstractNote,
        collections: (item.data.collections ?? [])
          .filter((k) => names.has(k))
          .map((k) => ({ origin: `zotero:${k}`, name: names.get(k)! })),
        attachments: attachments.get(item.key) ?? [],
      };
    });
  return { records, warnings: [] };
}
