import type { ModelDefaults, ModelInfo, ModelRole } from '../../../../electron/contract/ops/models.js';

const ROLE_WORDS: Record<ModelRole, { noun: string; without: string }> = {
  chat: { noun: 'chat model', without: 'answers quote the best sentences of your papers' },
  embedding: { noun: 'embedding model', without: 'search is by full text only' },
  reranker: { noun: 'reranker', without: 'passages keep the order search gives them' },
};

/**
 * What adding a model changed, and what it did not: a model serves answers only once it is its role's default, so
 * the notice says so and offers that in one click.
 */
export function AddedModelNotice({
  model,
  models,
  defaults,
  onSetDefault,
}: {
  model: ModelInfo;
  models: readonly ModelInfo[];
  defaults: ModelDefaults;
  onSetDefault: (role: ModelRole, modelId: string) => void;
}) {
  const role = model.roles[0];
  if (role === undefined) return null;
  const words = ROLE_WORDS[role];
  const current = models.find((m) => m.modelId === defaults[role]) ?? null;
  return (
    <div role="status" className="added-model">
      {current?.modelId === model.modelId ? (
        <p>
          Added {model.name}. It is now the default {words.noun}.
        </p>
      ) : (
        <>
          <p>
            Added {model.name}. It is not yet the default {words.noun}:{' '}
            {current === null ? `until one is set, ${words.without}.` : `${current.name} still is.`}
          </p>
          <button type="button" className="primary" onClick={() => onSetDefault(role, model.modelId)}>
            Set {model.name} as the default {words.noun}
          </button>
        </>
      )}
    </div>
  );
}
