import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../../contract/index.js';
import type { Collection } from '../../../contract/ops/library.js';

interface CollectionRow {
  id: string;
  name: string;
  paper_count: number;
}

const SELECT = `SELECT c.id, c.name, (SELECT count(*) FROM paper_collections WHERE collection_id = c.id) AS paper_count FROM collections c`;

const toCollection = (r: CollectionRow): Collection => ({
  collectionId: r.id,
  name: r.name,
  paperCount: r.paper_count,
});

/** Named groups of papers (the user's, or Zotero's brought in by metadata import). */
export class CollectionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Collection[] {
    return (this.db.prepare(`${SELECT} ORDER BY c.name`).all() as CollectionRow[]).map(toCollection);
  }

  get(collectionId: string): Collection {
    const row = this.db.prepare(`${SELECT} WHERE c.id = ?`).get(collectionId) as CollectionRow | undefined;
    if (row === undefined) throw new ScholiumError('NOT_FOUND', `There is no collection with id ${collectionId}.`);
    return toCollection(row);
  }

  create(name: string): Collection {
    const clash = this.db.prepare('SELECT 1 FROM collections WHERE name = ?').get(name);
    if (clash !== undefined) throw new ScholiumError('CONFLICT', `A collection named “${name}” already exists.`);
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO collections (id, name, created_at) VALUES (?, ?, ?)')
      .run(id, name, this.now().toISOString());
    return this.get(id);
  }

  /**
   * The collection that came from `origin` (e.g. a Zotero collection key), made if missing; a name clash gets a suffix.
   */
  ensure(origin: string, name: string): Collection {
    const existing = this.db.prepare('SELECT id FROM collections WHERE origin = ?').get(origin) as
      { id: string } | undefined;
    if (existing !== undefined) return this.get(existing.id);
    let unique = name;
    for (let n = 2; this.db.prepare('SELECT 1 FROM collections WHERE name = ?').get(unique) !== undefined; n++)
      unique = `${name} (${n})`;
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO collections (id, name, origin, created_at) VALUES (?, ?, ?, ?)')
      .run(id, unique, origin, this.now().toISOString());
    return this.get(id);
  }

  /** Puts a paper in a collection (no-op when it is there already). */
  link(collectionId: string, paperId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO paper_collections (collection_id, paper_id) VALUES (?, ?)')
      .run(collectionId, paperId);
  }

  delete(collectionId: string): boolean {
    return this.db.prepare('DELETE FROM collections WHERE id = ?').run(collectionId).changes > 0;
  }

  addPapers(collectionId: string, paperIds: string[]): Collection {
    this.get(collectionId);
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO paper_collections (collection_id, paper_id) SELECT ?, id FROM papers WHERE id = ?',
    );
    this.db
      .transaction(() => {
        for (const id of paperIds) {
          if (
            insert.run(collectionId, id).changes === 0 &&
            this.db.prepare('SELECT 1 FROM papers WHERE id = ?').get(id) === undefined
          ) {
            throw new ScholiumError('NOT_FOUND', `There is no paper with id ${id}; nothing was added.`);
          }
        }
      })
      .immediate();
    return this.get(collectionId);
  }

  removePapers(collectionId: string, paperIds: string[]): Collection {
    this.get(collectionId);
    const remove = this.db.prepare('DELETE FROM paper_collections WHERE collection_id = ? AND paper_id = ?');
    this.db.transaction(() => paperIds.forEach((id) => remove.run(collectionId, id))).immediate();
    return this.get(collectionId);
  }
}
