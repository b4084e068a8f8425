import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context.js';
import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';

/** A new, empty validation set, opened once it is made. */
export function CreateSet({ onCreated }: { onCreated: (set: EvalSetSummary) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (name.trim() === '') return setError('Give the set a name.');
    const r = await api.invoke('eval.sets.create', { name, description });
    setError(r.ok ? null : r.error.message);
    if (!r.ok) return;
    setName('');
    setDescription('');
    onCreated(r.value);
  };
  return (
    <form className="eval-create eval-fields" aria-labelledby="create-set-heading" onSubmit={(e) => void create(e)}>
      <h3 id="create-set-heading" className="eval-field-wide">
        New validation set
      </h3>
      <label>
        Set name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="eval-field-wide">
        Set description
        <input
          value={description}
          placeholder="optional: what these questions test"
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      {error !== null && (
        <p role="alert" className="error-text eval-field-wide">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary">
          Create set
        </button>
      </div>
    </form>
  );
}
