import { ScaleSlider } from '../../components/ScaleSlider.js';
import { compatibleAdapters } from '../../lib/compareConfig.js';
import type { AdapterInfo, ModelInfo } from '../../../../electron/contract/ops/models.js';
import { ModelOptions } from '../../components/ModelOptions.js';

interface Props {
  /** undefined: the default chat model; null: no model (quoted sentences). */
  modelId: string | null | undefined;
  adapters: readonly { id: string; scale: number }[];
  onChange: (modelId: string | null | undefined, adapters: { id: string; scale: number }[]) => void;
  models: readonly ModelInfo[];
  available: readonly AdapterInfo[];
  defaultChat: string | null;
}

/** The chat model to answer with and the adapters (with scale) that fit it. */
export function ModelPicker({ modelId, adapters, onChange, models, available, defaultChat }: Props) {
  const chatModels = models.filter((m) => m.roles.includes('chat'));
  const defaultName = chatModels.find((m) => m.modelId === defaultChat)?.name;
  const usable = compatibleAdapters(available, modelId === undefined ? defaultChat : modelId);
  return (
    <div className="model-picker">
      <label>
        Answer with{' '}
        <select
          value={modelId === null ? 'none' : (modelId ?? 'default')}
          onChange={(e) =>
            onChange(e.target.value === 'none' ? null : e.target.value === 'default' ? undefined : e.target.value, [])
          }
        >
          <option value="default">
            {defaultName === undefined
              ? 'The default (none set: quote the best sentences)'
              : `The default (${defaultName})`}
          </option>
          <option value="none">No model: quote the best sentences</option>
          <ModelOptions models={chatModels} />
        </select>
      </label>
      {usable.map((a) => {
        const used = adapters.find((u) => u.id === a.adapterId);
        return (
          <span key={a.adapterId} className="adapter-use">
            <label>
              <input
                type="checkbox"
                checked={used !== undefined}
                onChange={(e) =>
                  onChange(
                    modelId,
                    e.target.checked
                      ? [...adapters, { id: a.adapterId, scale: 1 }]
                      : adapters.filter((u) => u.id !== a.adapterId),
                  )
                }
              />{' '}
              {a.name}
            </label>
            {used !== undefined && (
              <ScaleSlider
                label={`Scale of ${a.name}`}
                value={used.scale}
                onChange={(scale) =>
                  onChange(
                    modelId,
                    adapters.map((u) => (u.id === a.adapterId ? { ...u, scale } : u)),
                  )
                }
              />
            )}
          </span>
        );
      })}
    </div>
  );
}
