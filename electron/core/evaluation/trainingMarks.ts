import type Database from 'better-sqlite3';

/**
 * Conversation answers the user marked good, to train on. The answers are ask's (conversation turns); a mark goes
 * with its turn when the conversation is deleted.
 */
export class TrainingMarks {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  mark(turnId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO training_marks (turn_id, marked_at) VALUES (?, ?)')
      .run(turnId, this.now().toISOString());
  }

  unmark(turnId: string): void {
    this.db.prepare('DELETE FROM training_marks WHERE turn_id = ?').run(turnId);
  }

  /** The marked turns among these. */
  among(turnIds: readonly string[]): Set<string> {
    const rows = this.db
      .prepare('SELECT turn_id AS turnId FROM training_marks WHERE turn_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(turnIds)) as { turnId: string }[];
    return new Set(rows.map((r) => r.turnId));
  }

  /** Every marked turn. */
  turnIds(): string[] {
    return (this.db.prepare('SELECT turn_id AS turnId FROM training_marks').all() as { turnId: string }[]).map(
      (r) => r.turnId,
    );
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM training_marks').get() as { n: number }).n;
  }
}
