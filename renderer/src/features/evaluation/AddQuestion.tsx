import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import type { PaperSummary } from '../../../../electron/contract/ops/library.js';
import { EMPTY_ITEM, newItem, type ItemFields } from './itemForm.js';
import { QuestionFields } from './QuestionFields.js';

/** A form for one new question; it stays filled when the question is refused, and clears once it is added. */
export function AddQuestion({
  setId,
  papers,
  onAdded,
}: {
  setId: string;
  papers: readonly PaperSummary[];
  onAdded: () => void;
}) {
  const api = useApi();
  const [fields, setFields] = useState<ItemFields>(EMPTY_ITEM);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = newItem(fields);
    if ('problem' in checked) return setError(checked.problem);
    setBusy(true);
    const r = await api.invoke('eval.items.add', { setId, items: [checked.item] });
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    if (!r.ok) return;
    setFields(EMPTY_ITEM);
    onAdded();
  };
  return (
    <form className="eval-add" aria-labelledby="add-question-heading" onSubmit={(e) => void add(e)}>
      <h3 id="add-question-heading">Add a question</h3>
      <QuestionFields fields={fields} onChange={setFields} papers={papers} />
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy}>
        Add question
      </button>
    </form>
  );
}
