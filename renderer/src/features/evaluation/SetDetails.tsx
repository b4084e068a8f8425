import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';

/** A set's name and description, edited in place, and its deletion (confirmed: its runs go with it). */
export function SetDetails({
  set,
  onChange,
  onDeleted,
}: {
  set: EvalSetSummary;
  onChange: () => void;
  onDeleted: () => void;
}) {
  const api = useApi();
  const [name, setName] = useState(set.name);
  const [description, setDescription] = useState(set.description);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty = name !== set.name || description !== set.description;

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (name.trim() === '') return setError('A set needs a name.');
    const r = await api.invoke('eval.sets.update', { setId: set.setId, name, description });
    setError(r.ok ? null : r.error.message);
    // The editor reloads the set and shows these fields afresh from what was stored.
    if (r.ok) onChange();
  };
  const remove = async (): Promise<void> => {
    const r = await api.invoke('eval.sets.delete', { setId: set.setId });
    if (r.ok) onDeleted();
    else setError(r.error.message);
  };

  return (
    <div className="eval-set-details">
      <form className="eval-fields" onSubmit={(e) => void save(e)}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="eval-field-wide">
          Description
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <div className="eval-item-actions">
          <button type="submit" className={dirty ? 'primary' : undefined} disabled={!dirty}>
            Save name and description
          </button>
          {!confirming && (
            <button type="button" onClick={() => setConfirming(true)}>
              Delete set
            </button>
          )}
        </div>
      </form>
      {confirming && (
        <div className="eval-confirm" role="group" aria-label="Confirm deletion">
          <p>
            Delete <strong>{set.name}</strong> with its {set.accepted + set.drafts} questions (drafts included)? Its
            evaluation runs are deleted too. This cannot be undone.
          </p>
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete {set.name} and its runs
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}
