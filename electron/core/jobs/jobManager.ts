import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ScholiumError, type JobEvent, type JobRate, type JobSnapshot } from '../../contract/index.js';
import { isStorageFailure } from '../platform/storageFailure.js';
import { failOrphans, ownerAlive, THIS_PROCESS, type OwnedRecord } from '../platform/processOwner.js';

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Report progress, and the job's rate when it measures one; cheap to call often (the client coalesces events). */
  progress(done: number, total: number | null, message?: string, rate?: JobRate): void;
}

export type JobRunner = (ctx: JobContext) => Promise<void>;

interface LiveJob {
  snapshot: JobSnapshot;
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * Runs long work (import, embedding, evaluation) with progress and cancel,
 * persisting each job's last state so an interrupted one can be found and resumed.
 */
export class JobManager {
  private readonly live = new Map<string, LiveJob>();
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    // A job left "running" by a process that has died is marked so; one of a live process (the app, while a CLI command
    // opens the library) is its own.
    const unfinished = this.db
      .prepare(
        `SELECT id, owner_pid AS ownerPid, owner_token AS ownerToken FROM jobs WHERE state IN ('queued', 'running')`,
      )
      .all() as OwnedRecord[];
    const fail = this.db.prepare(
      `UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')`,
    );
    const at = this.now().toISOString();
    this.db
      .transaction(() =>
        failOrphans(
          unfinished,
          (pid) =>
            `interrupted: the Scholium process running this job${pid === null ? '' : ` (pid ${pid})`} stopped before it finished`,
          (id, error) => fail.run(error, at, id),
        ),
      )
      .immediate();
  }

  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(kind: string, title: string, payload: unknown, run: JobRunner): JobSnapshot {
    const jobId = randomUUID();
    const snapshot: JobSnapshot = {
      jobId,
      kind,
      title,
      state: 'running',
      done: 0,
      total: null,
      message: '',
      error: null,
      startedAt: this.now().toISOString(),
      finishedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, state, payload, started_at, owner_pid, owner_token) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(jobId, kind, title, JSON.stringify(payload ?? {}), snapshot.startedAt, THIS_PROCESS.pid, THIS_PROCESS.token);
    const controller = new AbortController();
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (done, total, message, rate) => {
        if (snapshot.state !== 'running') return;
        snapshot.done = done;
        snapshot.total = total;
        if (message !== undefined) snapshot.message = message;
        if (rate !== undefined) snapshot.rate = rate;
        this.emit('progress', snapshot);
      },
    };
    const finished = Promise.resolve()
      .then(() => {
        // Cancelled before it got to start: never run it.
        controller.signal.throwIfAborted();
        return run(ctx);
      })
      .then(
        () => this.finish(snapshot, controller.signal.aborted ? 'cancelled' : 'done', null),
        (error: unknown) =>
          this.finish(
            snapshot,
            controller.signal.aborted ? 'cancelled' : 'failed',
            error instanceof Error ? error.message : String(error),
          ),
      );
    this.live.set(jobId, { snapshot, controller, finished });
    this.emit('progress', snapshot);
    return { ...snapshot };
  }

  cancel(jobId: string): boolean {
    const job = this.live.get(jobId);
    if (job === undefined) throw new ScholiumError('NOT_FOUND', `No job with id ${jobId} in this session.`);
    if (job.snapshot.state !== 'running') return false;
    job.controller.abort(new ScholiumError('CANCELLED', 'Cancelled by the user.'));
    return true;
  }

  /**
   * Whether a job is still going: here, or in another live process on the same library (the app, while a CLI command
   * looks).
   */
  isRunning(jobId: string): boolean {
    const here = this.live.get(jobId);
    if (here !== undefined) return here.snapshot.state === 'running';
    const row = this.db
      .prepare(`SELECT owner_pid, owner_token FROM jobs WHERE id = ? AND state IN ('queued', 'running')`)
      .get(jobId) as { owner_pid: number | null; owner_token: string | null } | undefined;
    return row !== undefined && ownerAlive(row.owner_pid, row.owner_token);
  }

  list(): JobSnapshot[] {
    return [...this.live.values()].map((j) => ({ ...j.snapshot }));
  }

  /** Resolves when the job has ended, whatever its outcome. */
  async wait(jobId: string): Promise<JobSnapshot> {
    const job = this.live.get(jobId);
    if (job === undefined) throw new ScholiumError('NOT_FOUND', `No job with id ${jobId} in this session.`);
    await job.finished;
    return { ...job.snapshot };
  }

  /** Cancels everything still running and waits for it to stop. */
  async shutdown(): Promise<void> {
    for (const job of this.live.values()) if (job.snapshot.state === 'running') job.controller.abort();
    await Promise.all([...this.live.values()].map((j) => j.finished));
  }

  private finish(snapshot: JobSnapshot, state: 'done' | 'failed' | 'cancelled', error: string | null): void {
    snapshot.state = state;
    snapshot.error = error;
    snapshot.finishedAt = this.now().toISOString();
    if (this.db.open) {
      try {
        this.db
          .prepare(
            `UPDATE jobs SET state = ?, done = ?, total = ?, message = ?, error = ?, finished_at = ? WHERE id = ?`,
          )
          .run(state, snapshot.done, snapshot.total, snapshot.message, error, snapshot.finishedAt, snapshot.jobId);
      } catch (failure) {
        // A full or read-only disk must not hide how the job ended: its row stays 'running' under this process's
        // owner token, and the next process to open the library marks it failed as interrupted.
        if (!isStorageFailure(failure)) throw failure;
      }
    }
    this.emit(state === 'failed' ? 'error' : state, snapshot);
  }

  private emit(type: JobEvent['type'], snapshot: JobSnapshot): void {
    const event: JobEvent = { channel: 'job', jobId: snapshot.jobId, type, job: { ...snapshot } };
    for (const listener of this.listeners) listener(event);
  }
}
