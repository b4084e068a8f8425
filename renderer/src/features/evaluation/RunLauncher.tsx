import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';
import { ConfigEditor } from '../../components/ConfigEditor.js';
import { ModelOptions } from '../../components/ModelOptions.js';
import type { CompareConfig } from '../../lib/compareConfig.js';
import { useModels } from '../../data/useModels.js';
import { comparisonPreset, runRequest } from './runForm.js';
import './runLauncher.css';

const MAX_CONFIGURATIONS = 16;

/**
 * Starts an evaluation run of a validation set over several configurations
 * (model, adapters at a scale, retrieval on or off) and opens it, so it fills
 * in as answers are scored.
 */
export function RunLauncher({ sets, onChange }: { sets: readonly EvalSetSummary[]; onChange: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const { models, adapters, defaults, error: modelsError } = useModels();
  const [chosenSetId, setChosenSetId] = useState<string | null>(null);
  const [edited, setEdited] = useState<CompareConfig[] | null>(null);
  const [k, setK] = useState('6');
  const [maxTokens, setMaxTokens] = useState('128');
  const [judgeModelId, setJudgeModelId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chatModels = (models ?? []).filter((m) => m.roles.includes('chat'));
  // Until the user edits them: one configuration, the chat default (or the first chat model) with retrieval.
  const configurations = edited ?? [
    { modelId: defaults.chat ?? chatModels[0]?.modelId ?? null, adapters: [], useRetrieval: true },
  ];
  const set = sets.find((s) => s.setId === chosenSetId) ?? sets.find((s) => s.accepted > 0) ?? sets[0];
  const blocked =
    set === undefined
      ? 'Create a validation set first, under Validation sets.'
      : set.accepted === 0
        ? `${set.name} has no accepted questions yet: add some, or accept drafts.`
        : models === null
          ? 'Loading models…'
          : null;
  const presetBlocked =
    configurations[0]!.modelId === null
      ? 'Choose a chat model in configuration 1 first: without one, answers need retrieval.'
      : null;

  const change = (index: number, value: CompareConfig | null): void =>
    setEdited(
      value === null
        ? configurations.filter((_, i) => i !== index)
        : configurations.map((c, i) => (i === index ? value : c)),
    );

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (set === undefined || blocked !== null) return;
    const request = runRequest({ setId: set.setId, configurations, k, maxTokens, judgeModelId });
    if (!request.ok) return setError(request.error);
    setBusy(true);
    setError(null);
    const r = await api.invoke('eval.runs.start', request.value);
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onChange();
    navigate(`/evaluation/compare/${r.value.runId}`);
  };

  return (
    <>
      <section aria-labelledby="launch-heading" className="run-launcher">
        <h2 id="launch-heading">New run</h2>
        <p className="muted">
          Answer every accepted question of a set under each configuration and compare them: exact match and F1 against
          the expected answers, recall of the gold paper, citations and abstentions. Tick the adapters to compare in
          configuration 1, then build the usual comparison in one click.
        </p>
        {modelsError !== null && <p role="alert">{modelsError}</p>}
        {models !== null && chatModels.length === 0 && (
          <p className="muted">
            No chat model yet: add one in <Link to="/models">the Models view</Link> to compare a model and its adapters.
            Until then a run measures retrieval, answering with quoted sentences.
          </p>
        )}
        <form onSubmit={(e) => void start(e)}>
          <label className="run-field">
            Validation set
            <select
              value={set?.setId ?? ''}
              onChange={(e) => setChosenSetId(e.target.value)}
              disabled={sets.length === 0}
            >
              {sets.length === 0 && <option value="">No validation sets yet</option>}
              {sets.map((s) => (
                <option key={s.setId} value={s.setId}>
                  {s.name} ({s.accepted} accepted {s.accepted === 1 ? 'question' : 'questions'})
                </option>
              ))}
            </select>
          </label>
          <ol className="run-configurations" aria-label="Configurations">
            {configurations.map((c, i) => (
              <li key={i}>
                <ConfigEditor
                  label={`Configuration ${i + 1}`}
                  value={c}
                  onChange={(value) => change(i, value)}
                  models={models ?? []}
                  adapters={adapters}
                />
                {configurations.length > 1 && (
                  <button type="button" onClick={() => change(i, null)}>
                    Remove configuration {i + 1}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <div className="run-buttons">
            <button
              type="button"
              onClick={() => setEdited([...configurations, { ...configurations.at(-1)! }])}
              disabled={configurations.length >= MAX_CONFIGURATIONS}
            >
              Add a configuration
            </button>
            <button
              type="button"
              onClick={() => setEdited(comparisonPreset(configurations))}
              disabled={presetBlocked !== null}
              aria-describedby={presetBlocked === null ? undefined : 'preset-blocked'}
            >
              Base and each chosen adapter, with and without retrieval
            </button>
            {presetBlocked !== null && (
              <span id="preset-blocked" className="muted">
                {presetBlocked}
              </span>
            )}
          </div>
          <div className="run-numbers">
            <label className="run-field">
              Passages per question (k)
              <input type="number" min={1} max={30} value={k} onChange={(e) => setK(e.target.value)} />
            </label>
            <label className="run-field">
              Answer length cap (tokens)
              <input
                type="number"
                min={1}
                max={2048}
                value={maxTokens}
                onChange={(e) => setMaxTokens(e.target.value)}
              />
            </label>
            <label className="run-field">
              Judge model (optional)
              <select
                value={judgeModelId ?? ''}
                onChange={(e) => setJudgeModelId(e.target.value === '' ? null : e.target.value)}
              >
                <option value="">No judge</option>
                <ModelOptions models={chatModels} />
              </select>
            </label>
          </div>
          <div className="run-buttons">
            <button
              type="submit"
              className="primary"
              disabled={busy || blocked !== null}
              aria-describedby={blocked === null ? undefined : 'start-blocked'}
            >
              Start run
            </button>
            {blocked !== null && (
              <span id="start-blocked" className="muted">
                {blocked}
              </span>
            )}
          </div>
          {error !== null && <p role="alert">{error}</p>}
        </form>
      </section>
    </>
  );
}
