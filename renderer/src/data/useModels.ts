import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/context.js';
import type { AdapterInfo, ModelDefaults as Defaults, ModelInfo } from '../../../electron/contract/ops/models.js';

export interface ModelsState {
  models: ModelInfo[] | null;
  adapters: AdapterInfo[];
  defaults: Defaults;
  error: string | null;
  refresh: () => void;
}

const NO_DEFAULTS: Defaults = { chat: null, embedding: null, reranker: null };

/** Registered models, adapters and role defaults. */
export function useModels(): ModelsState {
  const api = useApi();
  const [state, setState] = useState<Omit<ModelsState, 'refresh'>>({
    models: null,
    adapters: [],
    defaults: NO_DEFAULTS,
    error: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([
      api.invoke('models.list', {}),
      api.invoke('adapters.list', {}),
      api.invoke('models.defaults', {}),
    ]).then(([m, a, d]) => {
      if (!live) return;
      const error = [m, a, d].find((r) => !r.ok);
      setState({
        models: m.ok ? m.value : null,
        adapters: a.ok ? a.value : [],
        defaults: d.ok ? d.value : NO_DEFAULTS,
        error: error !== undefined && !error.ok ? error.error.message : null,
      });
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, refresh };
}
