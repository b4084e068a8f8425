import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import type { EvalItem } from '../../../../electron/contract/ops/evaluation.js';
import type { PaperSummary } from '../../../../electron/contract/ops/library.js';
import { fieldsOf, itemEdit, type ItemFields } from './itemForm.js';
import { QuestionFields } from './QuestionFields.js';

/**
 * One accepted question, edited in place: Save sends only what changed; a problem shows beside it and keeps the edit.
 */
interface Props {
  item: EvalItem;
  n: number;
  papers: readonly PaperSummary[];
  /** Chosen for deleting several at once. */
  selected: boolean;
  onSelect: (on: boolean) => void;
  onChange: () => void;
}

export function QuestionItem({ item, n, papers, selected, onSelect, onChange }: Props) {
  const api = useApi();
  const [fields, setFields] = useState<ItemFields>(() => fieldsOf(item));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(fields) !== JSON.stringify(fieldsOf(item));

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = itemEdit(item, fields);
    if ('problem' in checked) return setError(checked.problem);
    if (checked.edit === null) return setError(null);
    setBusy(true);
    const r = await api.invoke('eval.items.update', checked.edit);
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    if (r.ok) onChange();
  };
  const remove = async (): Promise<void> => {
    setBusy(true);
    const r = await api.invoke('eval.items.delete', { itemIds: [item.itemId] });
    setBusy(false);
    if (r.ok) onChange();
    else setError(r.error.message);
  };

  return (
    <li className="eval-item" aria-label={`Question ${n}`}>
      <form onSubmit={(e) => void save(e)}>
        <QuestionFields fields={fields} onChange={setFields} papers={papers} />
        <ErrorText error={error} />
        <div className="eval-item-actions">
          <button type="submit" className={dirty ? 'primary' : undefined} disabled={!dirty || busy}>
            Save
          </button>
          {dirty && (
            <button
              type="button"
              onClick={() => {
                setFields(fieldsOf(item));
                setError(null);
              }}
            >
              Revert
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void remove()}>
            Delete question {n}
          </button>
          <label className="eval-check eval-choose">
            <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} /> Choose question{' '}
            {n}
          </label>
        </div>
      </form>
    </li>
  );
}
