import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../../app/EmptyState.js';
import { AnswersSideBySide } from './AnswersSideBySide.js';
import { ConfigurationTable } from './ConfigurationTable.js';
import { DraftReview } from './DraftReview.js';
import { RunLauncher } from './RunLauncher.js';
import { TrainingDataExport } from './TrainingDataExport.js';
import { useEvaluationIndex, useRun } from './useEvaluation.js';
// The citation status chips are the Ask view's, so a status looks the same everywhere.
import '../ask/ask.css';
import './evaluation.css';

/** Validation sets with their drafts to review, stored evaluation runs, and one run compared: figures per configuration, then each question's answers side by side. */
export function EvaluationView() {
  const { runId } = useParams();
  const { sets, runs, error, refresh } = useEvaluationIndex();
  const [reviewing, setReviewing] = useState<string | null>(null);
  const { run, error: runError } = useRun(runId);
  return (
    <>
      <h1>Evaluation</h1>
      {error !== null && <p role="alert">{error}</p>}
      {runs !== null && runs.length === 0 && (
        <EmptyState title="No evaluation runs yet">
          <p>
            Build a validation set ({sets.length === 0 ? 'none yet' : sets.map((s) => `${s.name}: ${s.accepted} questions`).join('; ')}) and run it against the base model and your adapters, with and
            without retrieval:
          </p>
          <p>
            <code>npx scholium eval import &quot;my set&quot; questions.jsonl</code> then <code>npx scholium eval run &quot;my set&quot; --adapter my-lora.gguf</code>
          </p>
        </EmptyState>
      )}
      {runs !== null && runs.length > 0 && (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">Runs</h2>
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
                <tr key={r.runId} aria-current={r.runId === runId ? 'true' : undefined}>
                  <th scope="row">
                    <Link to={`/evaluation/${r.runId}`}>{r.setName}</Link>
                  </th>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                  <td>{r.state}</td>
                  <td>{r.questions}</td>
                  <td>{r.configurations.map((c) => c.label).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {sets.length > 0 && (
        <section aria-labelledby="sets-heading">
          <h2 id="sets-heading">Validation sets</h2>
          <table className="eval-table">
            <thead>
              <tr>
                <th scope="col">Set</th>
                <th scope="col">Questions</th>
                <th scope="col">Drafts</th>
                <th scope="col">
                  <span className="visually-hidden">Review</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.setId}>
                  <th scope="row">{s.name}</th>
                  <td>{s.accepted}</td>
                  <td>{s.drafts}</td>
                  <td>
                    {s.drafts > 0 && (
                      <button type="button" aria-expanded={reviewing === s.setId} onClick={() => setReviewing(reviewing === s.setId ? null : s.setId)}>
                        Review drafts of {s.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {reviewing !== null && <DraftReview setId={reviewing} onChange={refresh} />}
        </section>
      )}
      <RunLauncher sets={sets} run={run} onChange={refresh} />
      {runError !== null && <p role="alert">{runError}</p>}
      {run !== null && (
        <section aria-labelledby="run-heading">
          <h2 id="run-heading">
            {run.setName}: {run.state}
          </h2>
          {run.error !== null && <p role="alert">{run.error}</p>}
          <ConfigurationTable configurations={run.configurations} k={run.k} />
          <h3>Answers side by side</h3>
          <AnswersSideBySide run={run} />
        </section>
      )}
      <TrainingDataExport sets={sets} />
    </>
  );
}
