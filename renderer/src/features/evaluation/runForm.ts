import type { OpInput } from '../../../../electron/contract/index.js';
import { adapterComparison } from '../../../../electron/contract/ops/evaluation.js';
import type { CompareConfig } from '../../lib/compareConfig.js';

/** What the run launcher holds: numbers as typed, checked only on Start. */
export interface RunForm {
  setId: string;
  configurations: readonly CompareConfig[];
  k: string;
  maxTokens: string;
  /** null: no judge. */
  judgeModelId: string | null;
}

/**
 * The usual comparison, from the first configuration's model and every adapter
 * chosen for that model in any configuration (at its scale): the base model and
 * base + each adapter alone, each with and without retrieval.
 */
export function comparisonPreset(configurations: readonly CompareConfig[]): CompareConfig[] {
  const modelId = configurations[0]?.modelId ?? null;
  const chosen = new Map<string, { id: string; scale: number }>();
  for (const c of configurations)
    if (c.modelId === modelId) for (const a of c.adapters) if (!chosen.has(a.id)) chosen.set(a.id, a);
  return adapterComparison(modelId, [...chosen.values()], 'both').map((c) => ({
    modelId,
    adapters: c.adapters ?? [],
    useRetrieval: c.useRetrieval ?? true,
  }));
}

function whole(text: string, min: number, max: number, what: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max
    ? n
    : `${what} is a whole number from ${min} to ${max}.`;
}

/** The eval.runs.start request, or what to fix first. */
export function runRequest(
  form: RunForm,
): { ok: true; value: OpInput<'eval.runs.start'> } | { ok: false; error: string } {
  const k = whole(form.k, 1, 30, 'Passages per question (k)');
  if (typeof k === 'string') return { ok: false, error: k };
  const maxTokens = whole(form.maxTokens, 1, 2048, 'The answer length cap');
  if (typeof maxTokens === 'string') return { ok: false, error: maxTokens };
  return {
    ok: true,
    value: {
      setId: form.setId,
      configurations: form.configurations.map((c) => ({
        modelId: c.modelId,
        adapters: c.adapters,
        useRetrieval: c.useRetrieval,
      })),
      k,
      maxTokens,
      ...(form.judgeModelId === null ? {} : { judgeModelId: form.judgeModelId }),
    },
  };
}
