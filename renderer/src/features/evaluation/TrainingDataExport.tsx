import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import { download } from '../../lib/download.js';
import type { DatasetExport, EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';
import { ModelOptions } from '../../components/ModelOptions.js';
import { useModels } from '../../data/useModels.js';
import { TokenStatsTable } from './TokenStatsTable.js';
import './trainingData.css';

type Format = 'chat' | 'alpaca';

/**
 * Training data for an outside trainer: accepted questions of the chosen sets
 * and answers marked good in Ask, as JSONL in chat-messages or Alpaca format,
 * deduplicated and split, with token lengths under the base model.
 */
export function TrainingDataExport({ sets }: { sets: EvalSetSummary[] }) {
  const api = useApi();
  const { models, defaults } = useModels();
  const [marked, setMarked] = useState<number | null>(null);
  const [setIds, setSetIds] = useState<string[]>([]);
  const [conversations, setConversations] = useState(true);
  const [format, setFormat] = useState<Format>('chat');
  const [sharePercent, setSharePercent] = useState('10');
  const [seed, setSeed] = useState('1');
  const [modelId, setModelId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DatasetExport | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('dataset.marks', {}).then((r) => {
      if (live && r.ok) setMarked(r.value.markedGood);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const chatModels = (models ?? []).filter((m) => m.roles.includes('chat'));
  const baseModel = modelId ?? defaults.chat ?? chatModels[0]?.modelId ?? null;
  const toggleSet = (id: string, on: boolean): void =>
    setSetIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const exportData = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const share = Number(sharePercent);
    const seedValue = Number(seed);
    if (sharePercent.trim() === '' || !Number.isFinite(share) || share < 0 || share > 90)
      return setError('The validation share is a percentage from 0 to 90.');
    if (seed.trim() === '' || !Number.isSafeInteger(seedValue)) return setError('The split seed is a whole number.');
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await api.invoke('dataset.export', {
      setIds: sets.filter((s) => setIds.includes(s.setId)).map((s) => s.setId),
      conversations,
      format,
      validationShare: share / 100,
      seed: seedValue,
      ...(baseModel === null ? {} : { modelId: baseModel }),
    });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  };

  return (
    <section aria-labelledby="training-heading" className="training-data">
      <h2 id="training-heading">Training data</h2>
      <p className="muted">
        Export accepted questions and answers you marked good in Ask as JSONL for a trainer such as PEFT or Unsloth.
        Each example keeps the prompt Scholium asks with, so an adapter learns the format it will be used in.
      </p>
      <form className="training-form" onSubmit={(e) => void exportData(e)}>
        <fieldset>
          <legend>Include</legend>
          {sets.length === 0 && (
            <p className="muted">No validation sets yet: create one under Validation sets to export its questions.</p>
          )}
          {sets.map((s) => (
            <label key={s.setId}>
              <input
                type="checkbox"
                checked={setIds.includes(s.setId)}
                onChange={(e) => toggleSet(s.setId, e.target.checked)}
              />{' '}
              {s.name} ({s.accepted} accepted)
            </label>
          ))}
          <label>
            <input type="checkbox" checked={conversations} onChange={(e) => setConversations(e.target.checked)} />{' '}
            Answers marked good in Ask ({marked ?? '…'})
          </label>
          {marked === 0 && (
            <p className="muted">Mark an answer with its “Good training example” button in Ask to add it here.</p>
          )}
        </fieldset>
        <fieldset>
          <legend>Format</legend>
          <label>
            <input type="radio" name="training-format" checked={format === 'chat'} onChange={() => setFormat('chat')} />{' '}
            Chat messages
          </label>
          <label>
            <input
              type="radio"
              name="training-format"
              checked={format === 'alpaca'}
              onChange={() => setFormat('alpaca')}
            />{' '}
            Alpaca
          </label>
        </fieldset>
        <div className="training-numbers">
          <label>
            Validation share (%)
            <input
              type="number"
              min={0}
              max={90}
              step={1}
              value={sharePercent}
              onChange={(e) => setSharePercent(e.target.value)}
            />
          </label>
          <label>
            Split seed
            <input type="number" step={1} value={seed} onChange={(e) => setSeed(e.target.value)} />
          </label>
          {chatModels.length > 0 ? (
            <label>
              Base model for token counts
              <select value={baseModel ?? ''} onChange={(e) => setModelId(e.target.value)}>
                <ModelOptions models={chatModels} defaultId={defaults.chat} />
              </select>
            </label>
          ) : (
            models !== null && <p className="muted">Token lengths need a chat model: add one in Models.</p>
          )}
        </div>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Exporting…' : 'Export training data'}
          </button>
        </div>
        <ErrorText error={error} />
      </form>
      {result !== null && <ExportResult result={result} />}
    </section>
  );
}

function ExportResult({ result }: { result: DatasetExport }) {
  const { counts } = result;
  const files = [
    [result.train, counts.train],
    [result.validation, counts.validation],
  ] as const;
  return (
    <div className="training-result" role="group" aria-label="Exported training data">
      <dl className="facts">
        <dt>From validation sets</dt>
        <dd>{counts.fromSets}</dd>
        <dt>From conversations</dt>
        <dd>{counts.fromConversations}</dd>
        <dt>Duplicates removed</dt>
        <dd>{counts.duplicates}</dd>
        <dt>Train / validation</dt>
        <dd>
          {counts.train} / {counts.validation}
        </dd>
      </dl>
      {result.tokens === null ? (
        <p className="muted">No chat model to count tokens with.</p>
      ) : (
        <TokenStatsTable tokens={result.tokens} />
      )}
      <div className="training-downloads">
        {files.map(([file, n]) => (
          <button
            key={file.filename}
            type="button"
            disabled={n === 0}
            onClick={() => download(file.filename, file.mimeType, file.content)}
          >
            Download {file.filename} ({n} {n === 1 ? 'example' : 'examples'})
          </button>
        ))}
      </div>
    </div>
  );
}
