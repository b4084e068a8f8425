import { ScaleSlider } from './ScaleSlider.js';
import { compatibleAdapters, type CompareConfig } from '../lib/compareConfig.js';
import type { AdapterInfo, ModelInfo } from '../../../electron/contract/ops/models.js';
import { ModelOptions } from './ModelOptions.js';
import './modelConfig.css';

interface Props {
  label: string;
  value: CompareConfig;
  onChange: (value: CompareConfig) => void;
  models: readonly ModelInfo[];
  adapters: readonly AdapterInfo[];
}

/** Model, adapters with their scales, and retrieval: one configuration to answer with. */
export function ConfigEditor({ label, value, onChange, models, adapters }: Props) {
  const usable = compatibleAdapters(adapters, value.modelId);
  const use = (id: string): { id: string; scale: number } | undefined => value.adapters.find((a) => a.id === id);
  return (
    <fieldset className="config-editor">
      <legend>{label}</legend>
      <label>
        Model{' '}
        <select
          value={value.modelId ?? ''}
          onChange={(e) => onChange({ ...value, modelId: e.target.value === '' ? null : e.target.value, adapters: [] })}
        >
          <option value="">No model: quote the best sentences</option>
          <ModelOptions models={models.filter((m) => m.roles.includes('chat'))} />
        </select>
      </label>
      {usable.map((a) => {
        const used = use(a.adapterId);
        return (
          <div key={a.adapterId} className="adapter-use">
            <label>
              <input
                type="checkbox"
                checked={used !== undefined}
                onChange={(e) =>
                  onChange({
                    ...value,
                    adapters: e.target.checked
                      ? [...value.adapters, { id: a.adapterId, scale: 1 }]
                      : value.adapters.filter((u) => u.id !== a.adapterId),
                  })
                }
              />{' '}
              {a.name}
            </label>
            {used !== undefined && (
              <ScaleSlider
                label={`${label}: scale of ${a.name}`}
                value={used.scale}
                onChange={(scale) =>
                  onChange({
                    ...value,
                    adapters: value.adapters.map((u) => (u.id === a.adapterId ? { ...u, scale } : u)),
                  })
                }
              />
            )}
          </div>
        );
      })}
      <label>
        <input
          type="checkbox"
          checked={value.useRetrieval}
          onChange={(e) => onChange({ ...value, useRetrieval: e.target.checked })}
        />{' '}
        Search the library
      </label>
    </fieldset>
  );
}
