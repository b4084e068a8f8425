import type { ModelInfo } from '../../../../electron/contract/ops/models.js';
import { formatBytes } from '../../lib/formatBytes.js';
import { ModelName } from './ModelName.js';

/** Registered models with what was read from each file, and whether it fits in memory here. */
export function ModelList({
  models,
  onRename,
  onRemove,
}: {
  models: readonly ModelInfo[];
  onRename: (modelId: string, name: string) => Promise<string | null>;
  onRemove: (modelId: string) => void;
}) {
  return (
    <table className="models-table" aria-label="Models">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Architecture</th>
          <th scope="col">Size</th>
          <th scope="col">Context</th>
          <th scope="col">Can be used for</th>
          <th scope="col">Memory</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr key={m.modelId} data-testid="model-row">
            <td>
              <ModelName model={m} onRename={(name) => onRename(m.modelId, name)} />
              <div className="file">{m.file}</div>
              <div className="muted">
                {m.server !== null
                  ? `runs on the server ${m.server.name}`
                  : `runs on this computer, ${m.stored ? 'kept in the library' : 'used where it is'}`}
                {m.source === 'sentence-transformers' ? ', converted from sentence-transformers' : ''}
              </div>
            </td>
            <td>
              {m.architecture}
              {m.parameterCount > 0 ? `, ${m.parameters} parameters` : ''}, {m.quantization}
            </td>
            {/* A server may not say how big its model is. */}
            <td className="short">{m.server !== null && m.sizeBytes === 0 ? '—' : formatBytes(m.sizeBytes)}</td>
            <td className="short">{m.contextLength.toLocaleString()} tokens</td>
            <td>
              {m.roles.join(', ')}
              {m.defaultFor.length > 0 && <div className="muted">default for {m.defaultFor.join(', ')}</div>}
            </td>
            <td className={m.memory.fits ? undefined : 'error-text'}>
              {m.memory.note !== ''
                ? m.memory.note
                : `Needs about ${formatBytes(m.memory.needBytes)}; ${formatBytes(m.memory.freeBytes)} is free.`}
            </td>
            <td>
              <button type="button" onClick={() => onRemove(m.modelId)} aria-label={`Remove ${m.name}`}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
