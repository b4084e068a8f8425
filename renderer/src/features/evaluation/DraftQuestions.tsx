import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import { JobsPanel } from '../../components/JobsPanel.js';
import { useJobs } from '../../data/useJobs.js';
import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';
import { ModelOptions } from '../../components/ModelOptions.js';
import { useModels } from '../../data/useModels.js';

/**
 * Drafts questions from library passages with a local chat model, as a job with
 * progress and Cancel; the drafts then wait below for review (the set reloads when the job ends).
 */
export function DraftQuestions({ set }: { set: EvalSetSummary }) {
  const api = useApi();
  const { models, defaults, error: modelsError } = useModels();
  const { jobs, cancel } = useJobs();
  const [count, setCount] = useState('10');
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chatModels = (models ?? []).filter((m) => m.roles.includes('chat'));
  const modelId = chosen ?? defaults.chat ?? chatModels[0]?.modelId ?? null;
  const running = jobs.some((j) => j.kind === 'eval.drafts' && j.state === 'running');

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      return setError(`“${count}” is not a number of questions from 1 to 500.`);
    const r = await api.invoke('eval.drafts.generate', {
      setId: set.setId,
      count: n,
      ...(modelId === null ? {} : { modelId }),
    });
    setError(r.ok ? null : r.error.message);
  };

  return (
    <section className="eval-draft-new" aria-labelledby="draft-new-heading">
      <h3 id="draft-new-heading">Draft questions with a chat model</h3>
      <ErrorText error={modelsError} />
      {models === null ? null : chatModels.length === 0 ? (
        <p className="muted">
          Drafting needs a local chat model. Add a GGUF chat model (e.g. Gemma 3 270M) in{' '}
          <Link to="/models">Models</Link>, or with <code>npx scholium models add model.gguf</code>; it then writes a
          question and its answer from passages of your papers for you to review.
        </p>
      ) : (
        <form className="eval-draft-form" onSubmit={(e) => void start(e)}>
          <p className="muted">
            One question and its answer from each of that many passages, spread over your papers; each waits below for
            you to accept or delete.
          </p>
          <label>
            Questions
            <input
              className="eval-count"
              type="number"
              min={1}
              max={500}
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          </label>
          <label>
            Chat model
            <select value={modelId ?? ''} onChange={(e) => setChosen(e.target.value)}>
              <ModelOptions models={chatModels} defaultId={defaults.chat} />
            </select>
          </label>
          <button type="submit" className="primary" disabled={running}>
            Draft questions
          </button>
        </form>
      )}
      <ErrorText error={error} />
      <JobsPanel title="Drafting" jobs={jobs.filter((j) => j.kind === 'eval.drafts')} onCancel={cancel} />
    </section>
  );
}
