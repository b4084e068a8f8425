import { useEffect, useState } from 'react';
import { useApi } from '../api/context.js';
import { useReloadOnJobEnd } from './useReloadOnJobEnd.js';
import type { Collection, PaperSummary } from '../../../electron/contract/ops/library.js';

/** Papers and collections, fetched again whenever an import or other library job finishes. */
export function usePapers() {
  const api = useApi();
  const [papers, setPapers] = useState<{ items: PaperSummary[] | null; error: string | null }>({
    items: null,
    error: null,
  });
  const [collections, setCollections] = useState<Collection[]>([]);
  const { version, reload: refresh } = useReloadOnJobEnd();

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

  return { papers: papers.items, error: papers.error, collections, refresh };
}
