import type { AdapterInfo, ModelInfo } from '../../../../electron/contract/ops/models.js';

/** LoRA adapters and, for each registered model, whether the adapter fits it (and why not). */
export function AdapterList({
  adapters,
  models,
  onRemove,
}: {
  adapters: readonly AdapterInfo[];
  models: readonly ModelInfo[];
  onRemove: (adapterId: string) => void;
}) {
  const nameOf = (modelId: string): string => models.find((m) => m.modelId === modelId)?.name ?? modelId;
  return (
    <ul className="adapters" aria-label="Adapters">
      {adapters.map((a) => (
        <li key={a.adapterId} data-testid="adapter">
          <div className="adapter-head">
            <strong>{a.name}</strong>
            <span className="muted">
              LoRA for {a.architecture}, rank {a.rank}, alpha {a.alpha}, changes {a.targets} weight matrices
              {a.source === 'peft' ? ', converted from PEFT' : ''}
            </span>
            <button type="button" onClick={() => onRemove(a.adapterId)} aria-label={`Remove ${a.name}`}>
              Remove
            </button>
          </div>
          <div className="file">{a.file}</div>
          <ul className="compat">
            {a.compatibility.map((c) => (
              <li key={c.modelId} className={c.compatible ? 'compatible' : 'incompatible'}>
                <span aria-hidden="true">{c.compatible ? '✓ ' : '✗ '}</span>
                {c.compatible
                  ? `Works with ${nameOf(c.modelId)}`
                  : `Not for ${nameOf(c.modelId)}: ${c.reason ?? 'incompatible'}`}
              </li>
            ))}
            {a.compatibility.length === 0 && <li className="muted">Add a base model to check this adapter against.</li>}
          </ul>
        </li>
      ))}
    </ul>
  );
}
