import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import { EmptyState } from '../../components/EmptyState.js';
import { AddByPath } from './AddByPath.js';
import { AdapterList } from './AdapterList.js';
import { AddedModelNotice } from './AddedModelNotice.js';
import { ComparePanel } from './ComparePanel.js';
import { ModelDownload } from './ModelDownload.js';
import { ModelList } from './ModelList.js';
import { RoleDefaults } from './RoleDefaults.js';
import { ServersSection } from './ServersSection.js';
import type { ModelInfo, ModelRole } from '../../../../electron/contract/ops/models.js';
import { useModels } from '../../data/useModels.js';
import './models.css';

/**
 * Models and adapters on this computer: what they are, whether they fit, which serves each role; and a side-by-side
 * compare.
 */
export function ModelsView() {
  const api = useApi();
  const { models, adapters, defaults, error, refresh } = useModels();
  const [added, setAdded] = useState<ModelInfo | null>(null);

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>): Promise<string | null> => {
    const r = await run();
    refresh();
    return r.ok ? null : (r.error?.message ?? 'Failed.');
  };
  const setDefault = (role: ModelRole, modelId: string | null): void =>
    void act(() => api.invoke('models.setDefault', { role, modelId }));
  const addModel = async (path: string, copy: boolean): Promise<string | null> => {
    const r = await api.invoke('models.add', { path, copy });
    refresh();
    if (!r.ok) return r.error.message;
    setAdded(r.value);
    return null;
  };
  const downloaded = useCallback(
    (jobId: string) =>
      void api.invoke('models.added', { jobId }).then((r) => {
        refresh();
        if (r.ok) setAdded(r.value);
      }),
    [api, refresh],
  );
  // The notice follows the list: a rename or a new default shows in it, a removal ends it.
  const addedNow = models?.find((m) => m.modelId === added?.modelId) ?? null;

  return (
    <>
      <h1>Models</h1>
      {error !== null && <p role="alert">{error}</p>}
      <section aria-labelledby="models-heading">
        <h2 id="models-heading">Registered models</h2>
        {models !== null && models.length === 0 && (
          <EmptyState title="No models yet">
            <p>
              Scholium runs GGUF models on this computer. Without a chat model it answers by quoting the best sentences
              from your papers, each cited. Add a chat model for written answers, an embedding model for meaning-based
              search, and your own LoRA adapters.
            </p>
            <p>
              Add one below by its path, or from a terminal: <code>npx scholium models add path/to/model.gguf</code>
            </p>
          </EmptyState>
        )}
        {models !== null && models.length > 0 && (
          <ModelList
            models={models}
            onRename={(modelId, name) => act(() => api.invoke('models.rename', { modelId, name }))}
            onRemove={(modelId) => void act(() => api.invoke('models.remove', { modelId }))}
          />
        )}
        <AddByPath
          label="Model file path"
          placeholder="/path/to/model.gguf or a sentence-transformers folder"
          button="Add model"
          onAdd={addModel}
        />
        {addedNow !== null && models !== null && (
          <AddedModelNotice model={addedNow} models={models} defaults={defaults} onSetDefault={setDefault} />
        )}
      </section>
      <ModelDownload onAdded={downloaded} />
      <ServersSection onChanged={refresh} />
      {models !== null && models.length > 0 && (
        <section aria-labelledby="defaults-heading">
          <h2 id="defaults-heading">Defaults</h2>
          <RoleDefaults models={models} defaults={defaults} onSet={setDefault} />
          <p className="muted">
            How the chat model writes (temperature, longest answer, repeat penalty, context size):{' '}
            <Link to="/settings">Settings → Generation</Link>.
          </p>
        </section>
      )}
      <section aria-labelledby="adapters-heading">
        <h2 id="adapters-heading">Adapters</h2>
        {adapters.length === 0 ? (
          <p className="muted">
            No LoRA adapters yet. Add a GGUF LoRA, or a PEFT folder (adapter_config.json and adapter_model.safetensors)
            to convert.
          </p>
        ) : (
          <AdapterList
            adapters={adapters}
            models={models ?? []}
            onRemove={(adapterId) => void act(() => api.invoke('adapters.remove', { adapterId }))}
          />
        )}
        <AddByPath
          label="Adapter path"
          placeholder="/path/to/adapter.gguf or a PEFT folder"
          button="Add adapter"
          onAdd={(path, copy) => act(() => api.invoke('adapters.add', { path, copy }))}
        />
      </section>
      {models !== null && (
        <ComparePanel
          key={[...models.map((m) => m.modelId), ...adapters.map((a) => a.adapterId)].join()}
          models={models}
          adapters={adapters}
          defaults={defaults}
        />
      )}
    </>
  );
}
