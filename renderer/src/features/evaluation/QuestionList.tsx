import { useState } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import type { EvalItem, EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';
import type { PaperSummary } from '../../../../electron/contract/ops/library.js';
import { QuestionItem } from './QuestionItem.js';

/** A set's accepted questions, each edited in place; several can be chosen and deleted at once. */
export function QuestionList({
  set,
  items,
  papers,
  onChange,
}: {
  set: EvalSetSummary;
  items: readonly EvalItem[];
  papers: readonly PaperSummary[];
  onChange: () => void;
}) {
  const api = useApi();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  // Only questions still in the set count (one may have been deleted on its own since it was chosen).
  const chosen = items.filter((i) => selected.has(i.itemId));
  const select = (itemId: string, on: boolean): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(itemId);
      else next.delete(itemId);
      return next;
    });
  const removeChosen = async (): Promise<void> => {
    const r = await api.invoke('eval.items.delete', { itemIds: chosen.map((i) => i.itemId) });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSelected(new Set());
    onChange();
  };

  if (items.length === 0)
    return (
      <p className="muted">
        No questions yet: add one below, import a file, or draft some from your papers and accept them.
      </p>
    );
  return (
    <>
      <div className="eval-io-row" role="group" aria-label="Chosen questions">
        <button
          type="button"
          onClick={() => setSelected(new Set(chosen.length === items.length ? [] : items.map((i) => i.itemId)))}
        >
          {chosen.length === items.length ? 'Choose none' : 'Choose all'}
        </button>
        <button type="button" disabled={chosen.length === 0} onClick={() => void removeChosen()}>
          Delete {chosen.length} chosen
        </button>
      </div>
      <ErrorText error={error} />
      <ol className="eval-items" aria-label={`Questions of ${set.name}`}>
        {items.map((item, i) => (
          <QuestionItem
            key={item.itemId}
            item={item}
            n={i + 1}
            papers={papers}
            selected={selected.has(item.itemId)}
            onSelect={(on) => select(item.itemId, on)}
            onChange={onChange}
          />
        ))}
      </ol>
    </>
  );
}
