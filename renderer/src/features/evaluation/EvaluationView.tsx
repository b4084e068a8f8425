import { Link, useParams, useSearchParams } from 'react-router-dom';
import { AnswersSideBySide } from './AnswersSideBySide.js';
import { ConfigurationTable } from './ConfigurationTable.js';
import { CreateSet } from './CreateSet.js';
import { RunControls } from './RunControls.js';
import { RunLauncher } from './RunLauncher.js';
import { SectionNav } from './SectionNav.js';
import { SetEditor } from './SetEditor.js';
import { SetList } from './SetList.js';
import { TrainingDataExport } from './TrainingDataExport.js';
import { useEvaluationIndex, useRun } from './useEvaluation.js';
// The citation status chips are the Ask view's, so a status looks the same everywhere.
import './evaluation.css';

/**
 * The fine-tuning loop's workbench, one section after another: validation sets
 * (made, edited, imported, drafted and exported here; the open one is `?set=` in
 * the address, so it survives a reload), stored evaluation runs, and one run
 * compared: figures per configuration, then each question's answers side by side.
 */
export function EvaluationView() {
  const { runId } = useParams();
  const [search, setSearch] = useSearchParams();
  const { sets, runs, error, refresh } = useEvaluationIndex();
  const { run, error: runError } = useRun(runId);
  const openSetId = search.get('set');
  const openSet = (setId: string | null): void =>
    setSearch((s) => {
      const next = new URLSearchParams(s);
      if (setId === null) next.delete('set');
      else next.set('set', setId);
      return next;
    });

  return (
    <>
      <h1>Evaluation</h1>
      <SectionNav />
      {error !== null && <p role="alert">{error}</p>}

      <section aria-labelledby="sets-heading">
        <h2 id="sets-heading">Validation sets</h2>
        {sets.length === 0 ? (
          <p className="muted">
            A validation set is a list of questions about your papers with the answer you expect, and where it is found.
            Create one here, then add questions by hand, import them from a JSONL or CSV file, or have a local chat
            model draft them from your papers for you to review.
          </p>
        ) : (
          <SetList sets={sets} openSetId={openSetId} onOpen={openSet} />
        )}
        <CreateSet
          onCreated={(set) => {
            refresh();
            openSet(set.setId);
          }}
        />
      </section>

      {openSetId !== null && (
        <SetEditor
          key={openSetId}
          setId={openSetId}
          onChange={refresh}
          onClose={() => {
            refresh();
            openSet(null);
          }}
        />
      )}

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {runs !== null && runs.length === 0 && (
          <p className="muted">
            No evaluation runs yet. Start one under New run below: a set against the base model and your adapters, with
            and without retrieval (from a terminal:{' '}
            <code>npx scholium eval run &quot;my set&quot; --adapter my-lora.gguf</code>).
          </p>
        )}
        {runs !== null && runs.length > 0 && (
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
        )}
      </section>

      {runError !== null && <p role="alert">{runError}</p>}
      {run !== null && (
        <section aria-labelledby="run-heading">
          <h2 id="run-heading">
            {run.setName}: {run.state}
          </h2>
          <RunControls key={run.runId} run={run} onChange={refresh} />
          {run.error !== null && <p role="alert">{run.error}</p>}
          <ConfigurationTable configurations={run.configurations} k={run.k} />
          <h3>Answers side by side</h3>
          <AnswersSideBySide run={run} />
        </section>
      )}
      <RunLauncher sets={sets} onChange={refresh} />
      <TrainingDataExport sets={sets} />
    </>
  );
}
