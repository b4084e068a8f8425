import type { Collection, PaperSummary } from '../../../../electron/contract/ops/library.js';
import type { AdapterInfo, ModelInfo } from '../../../../electron/contract/ops/models.js';
import { CountField } from '../../components/CountField.js';
import { ModelPicker } from './ModelPicker.js';
import { ScopePicker } from './ScopePicker.js';
import type { AskRequest } from './useConversation.js';

interface Props {
  value: AskRequest;
  onChange: (value: AskRequest) => void;
  papers: readonly PaperSummary[];
  collections: readonly Collection[];
  models: readonly ModelInfo[];
  adapters: readonly AdapterInfo[];
  defaultChat: string | null;
}

/** How the next question is answered: where to look, which model and adapters, how many passages. */
export function AskOptions({ value, onChange, papers, collections, models, adapters, defaultChat }: Props) {
  return (
    <fieldset className="ask-options">
      <legend className="visually-hidden">Answer options</legend>
      <ScopePicker
        value={value.scope ?? {}}
        onChange={(scope) => onChange({ ...value, scope })}
        papers={papers}
        collections={collections}
      />
      <ModelPicker
        modelId={value.modelId}
        adapters={value.adapters ?? []}
        onChange={(modelId, used) => onChange({ ...value, modelId, adapters: used })}
        models={models}
        available={adapters}
        defaultChat={defaultChat}
      />
      <label>
        Passages <CountField value={value.k ?? 6} min={1} max={30} onChange={(k) => onChange({ ...value, k })} />
      </label>
      <label>
        <input
          type="checkbox"
          checked={value.useRetrieval ?? true}
          onChange={(e) => onChange({ ...value, useRetrieval: e.target.checked })}
        />{' '}
        Search the library
      </label>
    </fieldset>
  );
}
