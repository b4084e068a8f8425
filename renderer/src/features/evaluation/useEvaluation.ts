import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import { useReloadOnJobEnd } from '../../data/useReloadOnJobEnd.js';
import type { EvalSetSummary, RunDetail, RunSummary } from '../../../../electron/contract/ops/evaluation.js';

/** Validation sets and stored runs, refreshed when an evaluation or drafting job ends. */
export function useEvaluationIndex(): {
  sets: EvalSetSummary[];
  runs: RunSummary[] | null;
  error: string | null;
  refresh: () => void;
} {
  const api = useApi();
  const [state, setState] = useState<{ sets: EvalSetSummary[]; runs: RunSummary[] | null; error: string | null }>({
    sets: [],
    runs: null,
    error: null,
  });
  const { version, reload: refresh } = useReloadOnJobEnd('eval.');
  useEffect(() => {
    let live = true;
    void Promise.all([api.invoke('eval.sets.list', {}), api.invoke('eval.runs.list', {})]).then(([sets, runs]) => {
      if (!live) return;
      const failed = [sets, runs].find((r) => !r.ok);
      setState({
        sets: sets.ok ? sets.value : [],
        runs: runs.ok ? runs.value : [],
        error: failed !== undefined && !failed.ok ? failed.error.message : null,
      });
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  return { ...state, refresh };
}

/** One run with every answer; reloaded as its job reports progress, so a running evaluation fills in. */
export function useRun(runId: string | undefined): { run: RunDetail | null; error: string | null } {
  const api = useApi();
  const [state, setState] = useState<{ run: RunDetail | null; error: string | null }>({ run: null, error: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (runId === undefined) return;
    let live = true;
    void api.invoke('eval.runs.get', { runId }).then((r) => {
      if (live) setState(r.ok ? { run: r.value, error: null } : { run: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, runId, version]);
  const jobId = state.run?.jobId ?? null;
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.channel === 'job' && event.jobId === jobId) setVersion((v) => v + 1);
      }),
    [api, jobId],
  );
  return runId === undefined ? { run: null, error: null } : state;
}
