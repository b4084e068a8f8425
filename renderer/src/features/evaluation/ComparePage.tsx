import { Link, useParams } from 'react-router-dom';
import { AnswersSideBySide } from './AnswersSideBySide.js';
import { CitationLegend } from './CitationLegend.js';
import { ConfigurationTable } from './ConfigurationTable.js';
import { RunControls } from './RunControls.js';
import { RunTable } from './RunTable.js';
import { useEvaluationIndex, useRun } from './useEvaluation.js';

/**
 * One run compared: its progress while it goes (first, so a run just started is in view), the figures per
 * configuration, then each question's answers side by side. Without a run in the address, the runs to choose from.
 */
export function ComparePage() {
  const { runId } = useParams();
  const { runs, refresh } = useEvaluationIndex();
  const { run, error } = useRun(runId);
  if (runId === undefined)
    return (
      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading">Compare</h2>
        {runs !== null && runs.length === 0 ? (
          <p className="muted">
            No runs to compare yet: start one under <Link to="/evaluation/runs">Runs</Link>.
          </p>
        ) : (
          <>
            <p className="muted">Choose a run to compare its configurations.</p>
            {runs !== null && <RunTable runs={runs} />}
          </>
        )}
      </section>
    );
  return (
    <>
      {error !== null && <p role="alert">{error}</p>}
      {run !== null && (
        <section aria-labelledby="run-heading">
          <h2 id="run-heading">
            {run.setName}: {run.state}
          </h2>
          <RunControls key={run.runId} run={run} onChange={refresh} />
          {run.error !== null && <p role="alert">{run.error}</p>}
          <ConfigurationTable configurations={run.configurations} k={run.k} />
          <CitationLegend />
          <h3>Answers side by side</h3>
          <AnswersSideBySide run={run} />
        </section>
      )}
    </>
  );
}
