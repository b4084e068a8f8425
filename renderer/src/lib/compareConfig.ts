import type { AdapterInfo, ModelInfo } from '../../../electron/contract/ops/models.js';

/**
 * One side of a comparison: which model (null: none, quote sentences), which adapters at what scale, retrieval on or
 * off.
 */
export interface CompareConfig {
  modelId: string | null;
  adapters: { id: string; scale: number }[];
  useRetrieval: boolean;
}

export function compatibleAdapters(adapters: readonly AdapterInfo[], modelId: string | null): AdapterInfo[] {
  if (modelId === null) return [];
  return adapters.filter((a) => a.compatibility.some((c) => c.modelId === modelId && c.compatible));
}

/** The usual first comparison: the chat model alone against the same model with its first compatible adapter. */
export function initialConfigs(
  models: readonly ModelInfo[],
  adapters: readonly AdapterInfo[],
  chatDefault: string | null,
): [CompareConfig, CompareConfig] {
  const modelId = chatDefault ?? models.find((m) => m.roles.includes('chat'))?.modelId ?? null;
  const adapter = compatibleAdapters(adapters, modelId)[0];
  return [
    { modelId, adapters: [], useRetrieval: true },
    adapter === undefined
      ? { modelId, adapters: [], useRetrieval: false }
      : { modelId, adapters: [{ id: adapter.adapterId, scale: 1 }], useRetrieval: true },
  ];
}

export function describeConfig(
  config: CompareConfig,
  models: readonly ModelInfo[],
  adapters: readonly AdapterInfo[],
): string {
  const model =
    config.modelId === null
      ? 'No model (quoted sentences)'
      : (models.find((m) => m.modelId === config.modelId)?.name ?? config.modelId);
  const used = config.adapters.map(
    (u) => `${adapters.find((a) => a.adapterId === u.id)?.name ?? u.id} ×${u.scale.toFixed(2)}`,
  );
  return `${model}${used.length > 0 ? ` + ${used.join(' + ')}` : ''}${config.useRetrieval ? '' : ', without retrieval'}`;
}
