import { useEffect } from 'react';
import { Link, useMatch } from 'react-router-dom';
import type { RunSummary } from '../../../../electron/contract/ops/evaluation.js';
import { useJobs } from '../../data/useJobs.js';

/**
 * Runs going now, on every tab of the view: how far each is, and the way to follow it (the run's own page shows its
 * progress with Cancel, so it is left out there).
 */
export function RunningRuns({ runs, refresh }: { runs: readonly RunSummary[] | null; refresh: () => void }) {
  const runId = useMatch('/evaluation/compare/:runId')?.params.runId;
  const { jobs } = useJobs();
  // A run started in this session since the runs were listed: list them again to show it.
  const unlisted = jobs
    .filter((j) => j.kind === 'eval.run' && j.state === 'running' && !(runs ?? []).some((r) => r.jobId === j.jobId))
    .map((j) => j.jobId)
    .join();
  useEffect(() => {
    if (unlisted !== '') refresh();
  }, [unlisted, refresh]);
  const going = (runs ?? []).filter((r) => r.state === 'running' && r.runId !== runId);
  if (going.length === 0) return null;
  return (
    <ul className="eval-running" aria-label="Runs going now">
      {going.map((r) => {
        const job = jobs.find((j) => j.jobId === r.jobId && j.state === 'running');
        return (
          <li key={r.runId}>
            <progress
              aria-label={`Progress of the run of ${r.setName}`}
              max={job?.total ?? undefined}
              value={job?.total == null ? undefined : job.done}
            />{' '}
            Run of {r.setName}:{' '}
            {job === undefined || job.total === null ? 'going' : `${job.done} of ${job.total} answers scored`}.{' '}
            <Link to={`/evaluation/compare/${r.runId}`}>Follow it</Link>
          </li>
        );
      })}
    </ul>
  );
}
