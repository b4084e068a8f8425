import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import { parseYear } from '../normalize.js';
import { zoteroPlacement } from './itemTypes.js';
import type { MetadataRecord } from './record.js';
import { NON_WORK_TYPES, nestedCollectionNames, zoteroDoi } from './zoteroItems.js';

/** The Zotero data folder given, or the folder of a zotero.sqlite given directly. */
export function zoteroDataDir(target: string): string {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat?.isFile() === true && path.basename(target) === 'zotero.sqlite') return path.dirname(target);
  if (stat?.isDirectory() === true && fs.existsSync(path.join(target, 'zotero.sqlite'))) return target;
  throw new ScholiumError('NOT_FOUND', `${target} is not a Zotero data folder (it has no zotero.sqlite).`);
}

/**
 * Reads a Zotero library: items with their title, creators, date, DOI and
 * abstract, the collections they are in (nested ones named "Parent › Child")
 * and their PDF attachments under storage/. Zotero keeps zotero.sqlite locked
 * while it runs, so a copy is opened, read-only, and deleted afterwards.
 */
export function zoteroRecords(target: string): { records: MetadataRecord[]; warnings: string[] } {
  const dataDir = zoteroDataDir(target);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-zotero-'));
  try {
    const copy = path.join(tmp, 'zotero.sqlite');
    fs.copyFileSync(path.join(dataDir, 'zotero.sqlite'), copy);
    for (const suffix of ['-wal', '-journal']) {
      const side = path.join(dataDir, `zotero.sqlite${suffix}`);
      if (fs.existsSync(side)) fs.copyFileSync(side, `${copy}${suffix}`);
    }
    let db: Database.Database;
    try {
      db = new Database(copy, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM items').get();
    } catch (error) {
      throw new ScholiumError(
        'UNSUPPORTED',
        `${path.join(dataDir, 'zotero.sqlite')} could not be read as a Zotero database (${(error as Error).message}).`,
      );
    }
    try {
      return readLibrary(db, dataDir);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function readLibrary(db: Database.Database, dataDir: string): { records: MetadataRecord[]; warnings: string[] } {
  // Zotero 5+ keeps base and custom field/type names in the *Combined tables.
  const fieldsTable = tableExists(db, 'fieldsCombined') ? 'fieldsCombined' : 'fields';
  const typesTable = tableExists(db, 'itemTypesCombined') ? 'itemTypesCombined' : 'itemTypes';
  const deleted = tableExists(db, 'deletedItems') ? 'AND i.itemID NOT IN (SELECT itemID FROM deletedItems)' : '';
  const items = db
    .prepare(
      `SELECT i.itemID AS id, i.key, t.typeName AS type FROM items i JOIN ${typesTable} t ON t.itemTypeID = i.itemTypeID WHERE 1 ${deleted} ORDER BY i.itemID`,
    )
    .all() as { id: number; key: string; type: string }[];
  const fieldsOf = db.prepare(
    `SELECT f.fieldName AS name, v.value FROM itemData d JOIN ${fieldsTable} f ON f.fieldID = d.fieldID JOIN itemDataValues v ON v.valueID = d.valueID WHERE d.itemID = ?`,
  );
  const creatorsOf = db.prepare(
    `SELECT c.firstName AS first, c.lastName AS last, c.fieldMode AS mode, ct.creatorType AS role
     FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID JOIN creatorTypes ct ON ct.creatorTypeID = ic.creatorTypeID
     WHERE ic.itemID = ? ORDER BY ic.orderIndex`,
  );
  const collectionsOf = db.prepare('SELECT collectionID AS id FROM collectionItems WHERE itemID = ?');
  const attachmentsOf = db.prepare(
    `SELECT a.path, a.linkMode AS mode, a.contentType AS type, i.key FROM itemAttachments a JOIN items i ON i.itemID = a.itemID
     WHERE a.parentItemID = ? ${deleted.replace('i.itemID', 'a.itemID')}`,
  );
  const collections = collectionNames(db);
  const warnings: string[] = [];
  const records: MetadataRecord[] = [];
  for (const item of items) {
    if (NON_WORK_TYPES.has(item.type)) continue;
    const fields = Object.fromEntries(
      (fieldsOf.all(item.id) as { name: string; value: string }[]).map((f) => [f.name, String(f.value)]),
    );
    const creators = creatorsOf.all(item.id) as {
      first: string | null;
      last: string | null;
      mode: number;
      role: string;
    }[];
    const authors = creators.filter((c) => c.role === 'author');
    const attachments: string[] = [];
    for (const a of attachmentsOf.all(item.id) as {
      path: string | null;
      mode: number;
      type: string | null;
      key: string;
    }[]) {
      const file = attachmentPath(dataDir, a.key, a.path, a.mode);
      if (file === null || !/\.pdf$/i.test(file)) continue;
      if (fs.existsSync(file)) attachments.push(file);
      else warnings.push(`Zotero item ${item.key}: its attachment ${file} is missing.`);
    }
    records.push({
      key: item.key,
      title: fields.title ?? null,
      authors: (authors.length > 0 ? authors : creators)
        .map((c) => (c.mode === 1 ? (c.last ?? '') : `${c.first ?? ''} ${c.last ?? ''}`).trim())
        .filter((n) => n !== ''),
      year: parseYear(fields.date),
      ...zoteroPlacement(item.type, fields),
      doi: zoteroDoi(fields.DOI, fields.extra),
      abstract: fields.abstractNote ?? null,
      collections: (collectionsOf.all(item.id) as { id: number }[]).flatMap((c) => {
        const found = collections.get(c.id);
        return found === undefined ? [] : [found];
      }),
      attachments,
    });
  }
  return { records, warnings };
}

/** Collection names by id, nested ones prefixed with their parents ("Thesis › Chapter 2"). */
function collectionNames(db: Database.Database): Map<number, { origin: string; name: string }> {
  const rows = db
    .prepare(
      'SELECT collectionID AS key, collectionName AS name, parentCollectionID AS parent, key AS zoteroKey FROM collections',
    )
    .all() as {
    key: number;
    name: string;
    parent: number | null;
    zoteroKey: string;
  }[];
  const names = nestedCollectionNames(rows);
  return new Map(rows.map((r) => [r.key, { origin: `zotero:${r.zoteroKey}`, name: names.get(r.key)! }]));
}

/**
 * Where an attachment's file is: "storage:x.pdf" lives in storage/<attachment key>/; linked files keep their absolute
 * path.
 */
function attachmentPath(dataDir: string, key: string, stored: string | null, linkMode: number): string | null {
  if (stored === null || stored === '') return null;
  if (stored.startsWith('storage:')) return path.join(dataDir, 'storage', key, stored.slice('storage:'.length));
  // linkMode 2 = linked file; "attachments:" paths are relative to a base folder only Zotero's prefs know.
  if (linkMode === 2 && path.isAbsolute(stored)) return stored;
  return null;
}
