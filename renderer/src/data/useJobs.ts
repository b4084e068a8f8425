import { useCallback, useEffect, useState } from 'react';
import type { JobSnapshot } from '../../../electron/contract/index.js';
import { useApi } from '../api/context.js';

/**
 * Every job of this session with its latest progress: the list once (late
 * subscribers), then the broadcast `job` events. In the order they started.
 */
export function useJobs(): {
  jobs: JobSnapshot[];
  cancel: (jobId: string) => Promise<string | null>;
  /** The list has arrived: a job not in it is not this session's. */ loaded: boolean;
} {
  const api = useApi();
  const [byId, setById] = useState<ReadonlyMap<string, JobSnapshot>>(new Map());
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    const unsubscribe = api.onEvent((event) => {
      if (event.channel === 'job') setById((m) => new Map(m).set(event.jobId, event.job));
    });
    void api.invoke('jobs.list', {}).then((r) => {
      if (!live || !r.ok) return;
      setLoaded(true);
      // Events that arrived while the list was on its way are newer: keep them.
      setById((m) => new Map([...r.value.map((j) => [j.jobId, j] as const), ...m]));
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  const cancel = useCallback(
    async (jobId: string): Promise<string | null> => {
      const r = await api.invoke('jobs.cancel', { jobId });
      if (!r.ok) return r.error.message;
      return r.value.cancelled ? null : 'That job had already finished.';
    },
    [api],
  );
  const jobs = [...byId.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { jobs, cancel, loaded };
}
