import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import type { EvalItem, EvalSetSummary } from '../../contract/ops/evaluation.js';
import type { ParsedItem } from './setFormats.js';

export interface NewItem extends ParsedItem {
  status: 'accepted' | 'draft';
  sourcePassageId?: string | null;
  sourceText?: string | null;
}

export type ItemChanges = Partial<
  Pick<EvalItem, 'question' | 'expected' | 'paper' | 'page' | 'unanswerable' | 'status'>
>;

interface ItemRow {
  id: string;
  set_id: string;
  ordinal: number;
  question: string;
  expected: string;
  paper: string | null;
  page: number | null;
  unanswerable: number;
  status: 'accepted' | 'draft';
  source_passage_id: string | null;
  source_text: string | null;
}

const toItem = (r: ItemRow): EvalItem => ({
  itemId: r.id,
  setId: r.set_id,
  ordinal: r.ordinal,
  question: r.question,
  expected: r.expected,
  paper: r.paper,
  page: r.page,
  unanswerable: r.unanswerable === 1,
  status: r.status,
  sourcePassageId: r.source_passage_id,
  sourceText: r.source_text,
});

/** Validation sets and their questions in the library database. */
export class SetStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): EvalSetSummary[] {
    return this.db
      .prepare(
        `SELECT s.id AS setId, s.name, s.description, s.created_at AS createdAt, s.updated_at AS updatedAt,
                COUNT(i.id) FILTER (WHERE i.status = 'accepted') AS accepted, COUNT(i.id) FILTER (WHERE i.status = 'draft') AS drafts
         FROM eval_sets s LEFT JOIN eval_items i ON i.set_id = s.id GROUP BY s.id ORDER BY s.updated_at DESC`,
      )
      .all() as EvalSetSummary[];
  }

  summary(setId: string): EvalSetSummary {
    const found = this.list().find((s) => s.setId === setId);
    if (found === undefined) throw new ScholiumError('NOT_FOUND', `There is no validation set with id ${setId}.`);
    return found;
  }

  create(name: string, description: string): EvalSetSummary {
    const id = randomUUID();
    const at = this.now().toISOString();
    this.db
      .prepare('INSERT INTO eval_sets (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, name, description, at, at);
    return this.summary(id);
  }

  update(setId: string, changes: { name?: string; description?: string }): EvalSetSummary {
    const current = this.summary(setId);
    this.db
      .prepare('UPDATE eval_sets SET name = ?, description = ?, updated_at = ? WHERE id = ?')
      .run(changes.name ?? current.name, changes.description ?? current.description, this.now().toISOString(), setId);
    return this.summary(setId);
  }

  delete(setId: string): boolean {
    return this.db.prepare('DELETE FROM eval_sets WHERE id = ?').run(setId).changes > 0;
  }

  /** Every question of the set in order; `accepted` only leaves drafts out. */
  items(setId: string, only?: 'accepted'): EvalItem[] {
    this.summary(setId);
    const rows = this.db
      .prepare(
        `SELECT * FROM eval_items WHERE set_id = ? ${only === 'accepted' ? "AND status = 'accepted'" : ''} ORDER BY ordinal`,
      )
      .all(setId) as ItemRow[];
    return rows.map(toItem);
  }

  item(itemId: string): EvalItem {
    const row = this.db.prepare('SELECT * FROM eval_items WHERE id = ?').get(itemId) as ItemRow | undefined;
    if (row === undefined) throw new ScholiumError('NOT_FOUND', `There is no validation question with id ${itemId}.`);
    return toItem(row);
  }

  /** Appends questions in one transaction, after the set's last one. */
  add(setId: string, items: readonly NewItem[]): EvalItem[] {
    this.summary(setId);
    const at = this.now().toISOString();
    const ids = this.db
      .transaction(() => {
        let next = (
          this.db.prepare('SELECT COALESCE(MAX(ordinal), 0) AS n FROM eval_items WHERE set_id = ?').get(setId) as {
            n: number;
          }
        ).n;
        const insert = this.db.prepare(
          `INSERT INTO eval_items (id, set_id, ordinal, question, expected, paper, page, unanswerable, status, source_passage_id, source_text, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const out: string[] = [];
        for (const i of items) {
          const id = randomUUID();
          next += 1;
          insert.run(
            id,
            setId,
            next,
            i.question,
            i.expected,
            i.paper,
            i.page,
            i.unanswerable ? 1 : 0,
            i.status,
            i.sourcePassageId ?? null,
            i.sourceText ?? null,
            at,
          );
          out.push(id);
        }
        this.db.prepare('UPDATE eval_sets SET updated_at = ? WHERE id = ?').run(at, setId);
        return out;
      })
      .immediate();
    return ids.map((id) => this.item(id));
  }

  updateItem(itemId: string, changes: ItemChanges): EvalItem {
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ItemChanges;
    const merged = { ...this.item(itemId), ...given };
    if (!merged.unanswerable && merged.expected.trim() === '') {
      throw new ScholiumError(
        'INVALID_REQUEST',
        'An answerable question needs an expected answer: give one, or mark the question unanswerable.',
      );
    }
    this.db
      .prepare(
        'UPDATE eval_items SET question = ?, expected = ?, paper = ?, page = ?, unanswerable = ?, status = ? WHERE id = ?',
      )
      .run(
        merged.question,
        merged.expected,
        merged.paper,
        merged.page,
        merged.unanswerable ? 1 : 0,
        merged.status,
        itemId,
      );
    this.db.prepare('UPDATE eval_sets SET updated_at = ? WHERE id = ?').run(this.now().toISOString(), merged.setId);
    return this.item(itemId);
  }

  deleteItems(itemIds: readonly string[]): number {
    return this.db
      .prepare('DELETE FROM eval_items WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(itemIds)).changes;
  }
}
