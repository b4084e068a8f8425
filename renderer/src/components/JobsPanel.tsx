import { useState } from 'react';
import { describeRate, type JobSnapshot } from '../../../electron/contract/index.js';
import { useClearedJobs } from '../data/clearedJobs.js';
import './jobs.css';

const STATE_LABEL: Record<JobSnapshot['state'], string> = {
  queued: 'Waiting',
  running: 'Working',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function JobRow({
  job,
  onCancel,
  counts,
  outcome,
}: {
  job: JobSnapshot;
  onCancel: (jobId: string) => Promise<string | null>;
  counts: boolean;
  outcome: string | null;
}) {
  const [error, setError] = useState<string | null>(null);
  const active = job.state === 'queued' || job.state === 'running';
  const amount = job.total === null ? `${job.done}` : `${job.done} of ${job.total}`;
  const showMessage = job.message !== '' && job.state !== 'failed' && outcome === null;
  const rate = active && job.rate !== undefined ? describeRate(job.rate) : '';
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-state={job.state} aria-label={job.title}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className="job-state">{STATE_LABEL[job.state]}</span>
        {active && (
          <button
            type="button"
            onClick={() => void onCancel(job.jobId).then(setError)}
            aria-label={`Cancel ${job.title}`}
          >
            Cancel
          </button>
        )}
      </div>
      {active && (
        <progress
          aria-label={`${job.title} progress`}
          max={job.total ?? undefined}
          value={job.total === null ? undefined : job.done}
        >
          {amount}
        </progress>
      )}
      {rate !== '' && (
        <div className="job-rate muted" data-testid="job-rate">
          {rate}
        </div>
      )}
      <div className="job-detail">
        {/* A failed job's last stage ("Opening") is not news: its error below says what happened. */}
        {showMessage && <span data-testid="job-message">{job.message}</span>}
        {outcome !== null && <span data-testid="job-outcome">{outcome}</span>}
        {counts && outcome === null && job.total !== null && job.total > 0 && (
          <span className="muted">
            {showMessage && ' · '}
            {amount}
          </span>
        )}
      </div>
      {/* A cancelled job's error is only the abort itself: the state already says it. */}
      {job.error !== null && job.state === 'failed' && <p className="error-text">{job.error}</p>}
      {error !== null && <p role="alert">{error}</p>}
    </li>
  );
}

interface Props {
  jobs: readonly JobSnapshot[];
  onCancel: (jobId: string) => Promise<string | null>;
  title: string;
  /**
   * Whether to show "done of total" after the message; off where the message already says it in better units (bytes).
   */
  counts?: boolean;
  /**
   * What a finished job of a known kind achieved, said in place of its last stage (null: show the job's own message).
   */
  outcome?: (job: JobSnapshot) => string | null;
}

/** Live progress of long work (imports, embedding), each cancellable while it runs; finished ones can be cleared. */
export function JobsPanel({ jobs, onCancel, title, counts = true, outcome }: Props) {
  const [cleared, clear] = useClearedJobs();
  const shown = jobs.filter((j) => !cleared.has(j.jobId));
  if (shown.length === 0) return null;
  const finished = shown.filter((j) => j.state !== 'queued' && j.state !== 'running');
  return (
    <section className="jobs" aria-label={title}>
      <div className="jobs-head">
        <h2>{title}</h2>
        {finished.length > 0 && (
          <button type="button" onClick={() => clear(finished.map((j) => j.jobId))}>
            Clear finished
          </button>
        )}
      </div>
      <ul>
        {shown.map((j) => (
          <JobRow
            key={j.jobId}
            job={j}
            onCancel={onCancel}
            counts={counts}
            outcome={j.state === 'done' ? (outcome?.(j) ?? null) : null}
          />
        ))}
      </ul>
    </section>
  );
}
