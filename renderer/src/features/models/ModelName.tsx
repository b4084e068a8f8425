import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText.js';
import type { ModelInfo } from '../../../../electron/contract/ops/models.js';

/** A model's name, renamed in place: its id (which defaults and past answers refer to) stays. */
export function ModelName({
  model,
  onRename,
}: {
  model: ModelInfo;
  onRename: (name: string) => Promise<string | null>;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (editing === null)
    return (
      <div className="model-name">
        <strong>{model.name}</strong>
        <button
          type="button"
          className="link-button"
          aria-label={`Rename ${model.name}`}
          onClick={() => setEditing(model.name)}
        >
          Rename
        </button>
      </div>
    );
  return (
    <form
      className="model-name"
      onSubmit={(e) => {
        e.preventDefault();
        void onRename(editing).then((problem) => {
          setError(problem);
          if (problem === null) setEditing(null);
        });
      }}
    >
      <input
        type="text"
        aria-label={`New name for ${model.name}`}
        value={editing}
        onChange={(e) => setEditing(e.target.value)}
        // The field the Rename button just asked for.
        autoFocus
      />
      <button type="submit" disabled={editing.trim() === ''}>
        Save
      </button>
      <button
        type="button"
        onClick={() => {
          setEditing(null);
          setError(null);
        }}
      >
        Cancel
      </button>
      <ErrorText error={error} />
    </form>
  );
}
