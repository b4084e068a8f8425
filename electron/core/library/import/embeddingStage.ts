import type Database from 'better-sqlite3';
import { ScholiumError, type JobSnapshot } from '../../../contract/index.js';
import type { JobManager } from '../../jobs/jobManager.js';
import type { Embedder } from '../../models/embedder.js';
import { currentEmbeddingModel, ensureVectorTable, VectorStore } from '../store/vectors.js';
import { runEmbedding } from './embedJob.js';

/** Supplies the embedder of the embedding model chosen now: null (or a NOT_FOUND ScholiumError) when none is set. */
export type EmbedderSource = () => Embedder | null | Promise<Embedder | null>;

/**
 * Runs the embedding stage as a background job: after imports, and again
 * (re-embedding everything) when the embedding model changes. Without an
 * embedding model passages stay full-text only and flagged unembedded.
 */
export class EmbeddingStage {
  private running: { jobId: string; modelId: string } | null = null;
  /** Starts and stops one after another, so two imports ending together start one job. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    private readonly jobs: JobManager,
    private readonly source: EmbedderSource,
  ) {}

  /** Starts embedding what is missing, unless the job already runs or no model is set. */
  start(): Promise<JobSnapshot | null> {
    return this.serially(() => this.startNow());
  }

  /** The embedding model changed (or was set): stop the old job and (re-)embed with the new one. */
  modelChanged(): Promise<JobSnapshot | null> {
    return this.serially(async () => {
      await this.stop();
      return this.startNow();
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The embedder now, or null when no embedding model is set (a source may say so by throwing NOT_FOUND). */
  private async embedder(): Promise<Embedder | null> {
    try {
      return await this.source();
    } catch (error) {
      if (error instanceof ScholiumError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private async startNow(): Promise<JobSnapshot | null> {
    const embedder = await this.embedder();
    if (embedder === null) return null;
    if (this.running !== null) {
      if (this.running.modelId === embedder.modelId) return this.snapshot(this.running.jobId);
      await this.stop();
    }
    // Point the flags at this model first: switching back to a model finds its vectors still there.
    new VectorStore(this.db).useModel(ensureVectorTable(this.db, embedder.modelId, embedder.dimension));
    if (this.db.prepare('SELECT 1 FROM passages WHERE embedded = 0 LIMIT 1').get() === undefined) return null;
    const snapshot = this.jobs.start(
      'embed',
      `Embedding passages with ${embedder.modelId}`,
      { modelId: embedder.modelId },
      (ctx) => runEmbedding(this.db, embedder, ctx),
    );
    const running = { jobId: snapshot.jobId, modelId: embedder.modelId };
    this.running = running;
    void this.jobs.wait(snapshot.jobId).then(() => {
      if (this.running === running) this.running = null;
    });
    return snapshot;
  }

  /**
   * Resolves once starts and stops asked for so far have been decided (so `status().jobId` names the job they started).
   */
  async decided(): Promise<void> {
    await this.chain;
  }

  status(): {
    modelId: string | null;
    dimension: number | null;
    passages: number;
    embedded: number;
    jobId: string | null;
  } {
    const model = currentEmbeddingModel(this.db);
    return {
      modelId: model?.modelId ?? null,
      dimension: model?.dimension ?? null,
      ...new VectorStore(this.db).counts(),
      jobId: this.running?.jobId ?? null,
    };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    this.jobs.cancel(running.jobId);
    await this.jobs.wait(running.jobId);
    this.running = null;
  }

  private snapshot(jobId: string): JobSnapshot | null {
    return this.jobs.list().find((j) => j.jobId === jobId) ?? null;
  }
}
