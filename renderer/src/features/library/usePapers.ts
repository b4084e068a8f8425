import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import type { Collection, PaperSummary } from '../../../../electron/contract/ops/library.js';

/** Papers and collections, fetched again whenever an import or other library job finishes. */
export function usePapers() {
  const api = useApi();
  const [papers, setPapers] = useState<{ items: PaperSummary[] | null; error: string | null }>({ items: null, error: null });
  const [collections, setCollections] = useState<Collection[]>([]);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    void api.invoke('library.papers', {}).then((r) => {
      if (live) setPapers(r.ok ? { items: r.value, error: null } : { items: null, error: r.error.message });
    });
    void api.invoke('library.collections', {}).then((r) => {
      if (live && r.ok) setCollections(r.value);
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.channel === 'job' && event.type !== 'progress') refresh();
      }),
    [api, refresh],
  );

  return { papers: papers.items, error: papers.error, collections, refresh };
}
