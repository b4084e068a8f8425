import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ScholiumError } from '../../contract/index.js';
import { failOrphans, THIS_PROCESS, type OwnedRecord } from '../platform/processOwner.js';
import {
  EvalItemSchema,
  QuestionResultSchema,
  type EvalItem,
  type QuestionResult,
  type RunDetail,
  type RunSummary,
} from '../../contract/ops/evaluation.js';
import { summarise, type ConfigurationHead } from './scoring.js';

export interface RunOptions {
  k: number;
  maxTokens: number;
  judgeModelId: string | null;
}

interface RunRow {
  id: string;
  set_id: string;
  set_name: string;
  job_id: string | null;
  state: RunSummary['state'];
  error: string | null;
  configurations_json: string;
  options_json: string;
  items_json: string;
  created_at: string;
  finished_at: string | null;
}

/**
 * Evaluation runs: the configurations and questions as they were when the run
 * started (later edits to the set do not rewrite history), and each answer's
 * figures as soon as it is scored, so a cancelled run keeps what it measured.
 */
export class RunStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    // A run left "running" by a process that has died is marked so (as the job manager marks its job); a live process's
    // run goes on.
    const unfinished = this.db
      .prepare(`SELECT id, owner_pid AS ownerPid, owner_token AS ownerToken FROM eval_runs WHERE state = 'running'`)
      .all() as OwnedRecord[];
    const fail = this.db.prepare(
      `UPDATE eval_runs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state = 'running'`,
    );
    const at = this.now().toISOString();
    this.db
      .transaction(() =>
        failOrphans(
          unfinished,
          (pid) =>
            `interrupted: the Scholium process running this evaluation${pid === null ? '' : ` (pid ${pid})`} stopped before it finished; the answers it scored are kept`,
          (id, error) => fail.run(error, at, id),
        ),
      )
      .immediate();
  }

  create(setId: string, heads: readonly ConfigurationHead[], items: readonly EvalItem[], options: RunOptions): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO eval_runs (id, set_id, state, configurations_json, options_json, items_json, created_at, owner_pid, owner_token) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        setId,
        JSON.stringify(heads),
        JSON.stringify(options),
        JSON.stringify(items),
        this.now().toISOString(),
        THIS_PROCESS.pid,
        THIS_PROCESS.token,
      );
    return id;
  }

  attachJob(runId: string, jobId: string): void {
    this.db.prepare('UPDATE eval_runs SET job_id = ? WHERE id = ?').run(jobId, runId);
  }

  saveResult(runId: string, result: QuestionResult): void {
    this.db
      .prepare('INSERT OR REPLACE INTO eval_results (run_id, configuration, item_id, result_json) VALUES (?, ?, ?, ?)')
      .run(runId, result.configuration, result.itemId, JSON.stringify(result));
  }

  finish(runId: string, state: 'done' | 'cancelled' | 'failed', error: string | null): void {
    if (!this.db.open) return;
    this.db
      .prepare('UPDATE eval_runs SET state = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(state, error, this.now().toISOString(), runId);
  }

  list(setId?: string): RunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, s.name AS set_name FROM eval_runs r JOIN eval_sets s ON s.id = r.set_id WHERE (@setId IS NULL OR r.set_id = @setId) ORDER BY r.created_at DESC, r.rowid DESC`,
      )
      .all({ setId: setId ?? null }) as RunRow[];
    return rows.map((row) => this.summary(row, this.results(row.id)).summary);
  }

  get(runId: string): RunDetail {
    const row = this.db
      .prepare('SELECT r.*, s.name AS set_name FROM eval_runs r JOIN eval_sets s ON s.id = r.set_id WHERE r.id = ?')
      .get(runId) as RunRow | undefined;
    if (row === undefined) throw new ScholiumError('NOT_FOUND', `There is no evaluation run with id ${runId}.`);
    const results = this.results(runId);
    const { summary, items } = this.summary(row, results);
    return { ...summary, items, results };
  }

  /** A run still going is cancelled first: its answers would otherwise go on being stored for a run that is gone. */
  delete(runId: string): boolean {
    const row = this.db.prepare('SELECT state FROM eval_runs WHERE id = ?').get(runId) as
      { state: RunSummary['state'] } | undefined;
    if (row?.state === 'running')
      throw new ScholiumError('CONFLICT', 'This evaluation run is still going: cancel it first, then delete it.');
    return this.db.prepare('DELETE FROM eval_runs WHERE id = ?').run(runId).changes > 0;
  }

  private results(runId: string): QuestionResult[] {
    const rows = this.db
      .prepare('SELECT result_json FROM eval_results WHERE run_id = ? ORDER BY configuration, rowid')
      .all(runId) as Array<{ result_json: string }>;
    return rows.map((r) => QuestionResultSchema.parse(JSON.parse(r.result_json)));
  }

  private summary(row: RunRow, results: readonly QuestionResult[]): { summary: RunSummary; items: EvalItem[] } {
    const heads = JSON.parse(row.configurations_json) as ConfigurationHead[];
    const items = EvalItemSchema.array().parse(JSON.parse(row.items_json));
    const options = JSON.parse(row.options_json) as RunOptions;
    return {
      items,
      summary: {
        runId: row.id,
        setId: row.set_id,
        setName: row.set_name,
        jobId: row.job_id,
        state: row.state,
        error: row.error,
        questions: items.length,
        k: options.k,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        configurations: heads.map((head) =>
          summarise(
            head,
            items,
            results.filter((r) => r.configuration === head.index),
          ),
        ),
      },
    };
  }
}
