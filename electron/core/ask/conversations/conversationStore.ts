import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AnswerSchema, type Answer } from '../../../contract/ops/ask.js';
import { ScholiumError } from '../../../contract/index.js';

export interface ConversationSummary {
  conversationId: string;
  title: string;
  turns: number;
  updatedAt: string;
}

const TITLE_LENGTH = 80;

/** Conversations and their answered turns, in the library database. */
export class ConversationStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An existing conversation's id, or a new conversation titled by its first question. */
  ensure(conversationId: string | undefined, question: string): string {
    if (conversationId !== undefined) {
      const found = this.db.prepare('SELECT id FROM conversations WHERE id = ?').get(conversationId);
      if (found === undefined) throw new ScholiumError('NOT_FOUND', `No conversation with id ${conversationId}.`);
      return conversationId;
    }
    const id = randomUUID();
    const at = this.now().toISOString();
    const title = question.length > TITLE_LENGTH ? `${question.slice(0, TITLE_LENGTH - 1)}…` : question;
    this.db
      .prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(id, title, at, at);
    return id;
  }

  /** Earlier questions and answers, oldest first, for follow-up rewriting. */
  history(conversationId: string): Array<{ question: string; answer: string }> {
    return this.turns(conversationId).map((t) => ({ question: t.question, answer: t.answer }));
  }

  append(answer: Answer): void {
    this.db.transaction(() => {
      const next = (
        this.db
          .prepare('SELECT COALESCE(MAX(ordinal), 0) + 1 AS n FROM turns WHERE conversation_id = ?')
          .get(answer.conversationId) as { n: number }
      ).n;
      this.db
        .prepare(
          'INSERT INTO turns (id, conversation_id, ordinal, question, answer_json, model_id, adapters_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          answer.turnId,
          answer.conversationId,
          next,
          answer.question,
          JSON.stringify(answer),
          answer.model?.id ?? null,
          JSON.stringify(answer.adapters),
          answer.createdAt,
        );
      this.db
        .prepare('UPDATE conversations SET updated_at = ? WHERE id = ?')
        .run(answer.createdAt, answer.conversationId);
    })();
  }

  list(): ConversationSummary[] {
    return (
      this.db
        .prepare(
          `SELECT c.id AS conversationId, c.title, c.updated_at AS updatedAt, COUNT(t.id) AS turns
           FROM conversations c LEFT JOIN turns t ON t.conversation_id = c.id
           GROUP BY c.id ORDER BY c.updated_at DESC`,
        )
        .all() as ConversationSummary[]
    ).filter((c) => c.turns > 0);
  }

  get(conversationId: string): { conversationId: string; title: string; turns: Answer[] } {
    const row = this.db.prepare('SELECT id, title FROM conversations WHERE id = ?').get(conversationId) as
      { id: string; title: string } | undefined;
    if (row === undefined) throw new ScholiumError('NOT_FOUND', `No conversation with id ${conversationId}.`);
    return { conversationId: row.id, title: row.title, turns: this.turns(conversationId) };
  }

  delete(conversationId: string): boolean {
    return this.db.prepare('DELETE FROM conversations WHERE id = ?').run(conversationId).changes > 0;
  }

  /** The stored answers; whether each is marked good lives apart (it changes after the answer is stored). */
  private turns(conversationId: string): Answer[] {
    const rows = this.db
      .prepare(
        'SELECT t.answer_json, m.turn_id IS NOT NULL AS marked FROM turns t LEFT JOIN training_marks m ON m.turn_id = t.id WHERE t.conversation_id = ? ORDER BY t.ordinal',
      )
      .all(conversationId) as Array<{ answer_json: string; marked: number }>;
    return rows.map((r) => ({ ...AnswerSchema.parse(JSON.parse(r.answer_json)), markedGood: r.marked === 1 }));
  }
}
