import { Link } from 'react-router-dom';
import type { RunSummary } from '../../../../electron/contract/ops/evaluation.js';

/** Stored runs, newest first as the core lists them; a run's set name opens it for comparison. */
export function RunTable({ runs, openRunId }: { runs: readonly RunSummary[]; openRunId?: string }) {
  return (
    <table className="eval-table">
      <thead>
        <tr>
          <th scope="col">Set</th>
          <th scope="col">Started</th>
          <th scope="col">State</th>
          <th scope="col">Questions</th>
          <th scope="col">Configurations</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.runId} aria-current={r.runId === openRunId ? 'true' : undefined}>
            <th scope="row">
              <Link to={`/evaluation/compare/${r.runId}`}>{r.setName}</Link>
            </th>
            <td>{new Date(r.createdAt).toLocaleString()}</td>
            <td>{r.state}</td>
            <td>{r.questions}</td>
            <td>{r.configurations.map((c) => c.label).join(' · ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
