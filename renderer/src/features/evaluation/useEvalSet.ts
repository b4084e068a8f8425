import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import { useReloadOnJobEnd } from '../../data/useReloadOnJobEnd.js';
import type { EvalItem, EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';

export interface EvalSetState {
  set: EvalSetSummary | null;
  /** Accepted questions only: drafts are reviewed apart. */
  items: EvalItem[];
  error: string | null;
  reload: () => void;
}

/** One validation set with its questions, reloaded when a drafting job for any set ends. */
export function useEvalSet(setId: string): EvalSetState {
  const api = useApi();
  const [state, setState] = useState<{ set: EvalSetSummary | null; items: EvalItem[]; error: string | null }>({
    set: null,
    items: [],
    error: null,
  });
  const { version, reload } = useReloadOnJobEnd('eval.drafts');
  useEffect(() => {
    let live = true;
    void api.invoke('eval.sets.get', { setId }).then((r) => {
      if (!live) return;
      setState(
        r.ok
          ? { set: r.value.set, items: r.value.items.filter((i) => i.status === 'accepted'), error: null }
          : { set: null, items: [], error: r.error.message },
      );
    });
    return () => {
      live = false;
    };
  }, [api, setId, version]);
  return { ...state, reload };
}
