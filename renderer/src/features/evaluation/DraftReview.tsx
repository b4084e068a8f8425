import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import { ScrollBox } from '../../components/ScrollBox.js';
import type { EvalItem } from '../../../../electron/contract/ops/evaluation.js';

/**
 * The drafted questions of a set, each accepted into the set or deleted; only accepted questions are evaluated and
 * exported.
 */
export function DraftReview({ setId, onChange }: { setId: string; onChange: () => void }) {
  const api = useApi();
  const [drafts, setDrafts] = useState<EvalItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void api.invoke('eval.sets.get', { setId }).then((r) => {
      if (r.ok) setDrafts(r.value.items.filter((i) => i.status === 'draft'));
      else setError(r.error.message);
    });
  }, [api, setId]);
  useEffect(load, [load]);

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> => {
    const r = await run();
    setError(r.ok ? null : (r.error?.message ?? 'Failed.'));
    load();
    onChange();
  };

  if (drafts === null) return error === null ? null : <p role="alert">{error}</p>;
  return (
    <div className="eval-drafts">
      {error !== null && <p role="alert">{error}</p>}
      {drafts.length === 0 ? (
        <p className="muted">No drafts to review.</p>
      ) : (
        <ul aria-label="Drafts to review">
          {drafts.map((d) => (
            <li key={d.itemId} aria-label={`Draft ${d.ordinal}`}>
              <p>
                <strong>{d.question}</strong>
                <br />
                <span className="muted">answer:</span> {d.expected}
              </p>
              {d.sourceText !== null && (
                <ScrollBox label={`Passage of draft ${d.ordinal}`} className="eval-source">
                  {d.sourceText}
                </ScrollBox>
              )}
              <div className="eval-draft-actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(() => api.invoke('eval.items.update', { itemId: d.itemId, status: 'accepted' }))
                  }
                >
                  Accept
                </button>
                <button
                  type="button"
                  onClick={() => void act(() => api.invoke('eval.items.delete', { itemIds: [d.itemId] }))}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
