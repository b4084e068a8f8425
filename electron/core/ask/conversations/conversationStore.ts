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

/** Which of these turns the user marked as good answers (the marks are evaluation's: it trains on them). */
export type MarkedTurns = (turnIds: readonly string[]) => ReadonlySet<string>;

/** Conversations and their answered turns, in the library database. */
export class ConversationStore {
  constructor(
    private readonly db: Database.Database,
    private readonly markedTurns: MarkedTurns,
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
    this.db
      .transaction(() => {
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
      })
      .immediate();
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

  /** How a stored answer was made ('generated', 'extractive', 'abstained'), or null when there is no such turn. */
  answerMode(turnId: string): string | null {
    const row = this.db
      .prepare("SELECT json_extract(answer_json, '$.mode') AS mode FROM turns WHERE id = ?")
      .get(turnId) as { mode: string } | undefined;
    return row?.mode ?? null;
  }

  /** The stored answers of these turns, oldest first. */
  answers(turnIds: readonly string[]): Answer[] {
    return this.withMarks(
      this.db
        .prepare('SELECT id, answer_json FROM turns WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at')
        .all(JSON.stringify(turnIds)) as TurnRow[],
    );
  }

  /** A conversation's stored answers, in order. */
  private turns(conversationId: string): Answer[] {
    return this.withMarks(
      this.db
        .prepare('SELECT id, answer_json FROM turns WHERE conversation_id = ? ORDER BY ordinal')
        .all(conversationId) as TurnRow[],
    );
  }

  /** Whether each answer is marked good lives apart: it changes after the answer is stored. */
  private withMarks(rows: TurnRow[]): Answer[] {
    const marked = this.markedTurns(rows.map((r) => r.id));
    return rows.map((r) => ({ ...AnswerSchema.parse(JSON.parse(r.answer_json)), markedGood: marked.has(r.id) }));
  }
}

interface TurnRow {
  id: string;
  answer_json: string;
}
