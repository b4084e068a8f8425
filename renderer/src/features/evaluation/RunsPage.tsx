import { RunLauncher } from './RunLauncher.js';
import { RunTable } from './RunTable.js';
import { useEvaluationIndex } from './useEvaluation.js';

/** Stored runs, and a new one started: it opens under Compare, where its progress shows as it goes. */
export function RunsPage() {
  const { sets, runs, error, refresh } = useEvaluationIndex();
  return (
    <>
      {error !== null && <p role="alert">{error}</p>}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {runs !== null && runs.length === 0 && (
          <p className="muted">
            No evaluation runs yet. Start one below: a set against the base model and your adapters, with and without
            retrieval (from a terminal: <code>npx scholium eval run &quot;my set&quot; --adapter my-lora.gguf</code>).
          </p>
        )}
        {runs !== null && runs.length > 0 && <RunTable runs={runs} />}
      </section>
      <RunLauncher sets={sets} onChange={refresh} />
    </>
  );
}
