import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import { useJobs } from '../../data/useJobs.js';
import type { RunDetail } from '../../../../electron/contract/ops/evaluation.js';

/** The open run's live progress with Cancel while it goes, and Delete (confirmed in place) once it has ended. */
export function RunControls({ run, onChange }: { run: RunDetail; onChange: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const { jobs, cancel, loaded } = useJobs();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const job = jobs.find((j) => j.jobId === run.jobId);
  const going = run.state === 'running';

  const remove = async (): Promise<void> => {
    const r = await api.invoke('eval.runs.delete', { runId: run.runId });
    if (!r.ok) return setError(r.error.message);
    onChange();
    navigate('/evaluation/runs');
  };

  return (
    <div className="run-controls" role="group" aria-label={`Run of ${run.setName}`}>
      {going && job !== undefined && job.state === 'running' && (
        <div className="run-progress">
          <progress
            aria-label="Evaluation progress"
            max={job.total ?? undefined}
            value={job.total === null ? undefined : job.done}
          />
          <p aria-live="polite">
            {job.total === null ? 'Starting…' : `${job.done} of ${job.total} answers scored`}
            {job.message !== '' && <span className="muted"> · {job.message}</span>}
          </p>
          <button type="button" onClick={() => void cancel(job.jobId).then(setError)}>
            Cancel run
          </button>
        </div>
      )}
      {/* Started by another Scholium process (a CLI command): only that process can stop it. */}
      {going && loaded && job === undefined && (
        <p className="muted">
          This run is going in another Scholium process (for example a CLI command); cancel it there.
        </p>
      )}
      {!going &&
        (confirming ? (
          <div className="run-confirm" role="group" aria-label="Confirm deletion">
            <p>
              Delete this run of {run.setName} and its {run.results.length} scored answers? The validation set stays.
            </p>
            <button type="button" className="run-danger" onClick={() => void remove()}>
              Delete run
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete this run…
          </button>
        ))}
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}
