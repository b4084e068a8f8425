import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/context.js';

/**
 * A version to load data against: `reload()` bumps it, and so does the end
 * (done, failed or cancelled) of any job whose kind starts with `kindPrefix`
 * (every job when it is empty), since such a job changes what was loaded.
 */
export function useReloadOnJobEnd(kindPrefix = ''): { version: number; reload: () => void } {
  const api = useApi();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.channel === 'job' && event.type !== 'progress' && event.job.kind.startsWith(kindPrefix)) reload();
      }),
    [api, reload, kindPrefix],
  );
  return { version, reload };
}
