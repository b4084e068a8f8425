import { useEffect, useState, type ReactNode } from 'react';
import type { RuntimeStatus } from '../../../../electron/contract/ops/models.js';
import { useApi } from '../../api/context.js';

const STATE: Record<RuntimeStatus['state'], string> = {
  stopped: 'not running (starts when a model is first used)',
  starting: 'starting',
  ready: 'ready',
};

/** The model runtime process: threads it uses, what is loaded, whether it ever crashed; and (children) its settings. */
export function RuntimeFacts({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<RuntimeStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('models.status', {}).then((r) => {
      if (!live) return;
      if (r.ok) setStatus(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <section aria-labelledby="runtime-heading">
      <h2 id="runtime-heading">Models</h2>
      {error !== null && <p role="alert">{error}</p>}
      <dl className="facts">
        <dt>Runtime</dt>
        <dd data-testid="runtime-state">{status === null ? '…' : STATE[status.state]}</dd>
        <dt>Threads in use</dt>
        <dd data-testid="runtime-threads">
          {status === null
            ? '…'
            : `${status.threads} (one per physical core at most: more threads make generation slower, not faster)`}
        </dd>
        <dt>Loaded</dt>
        <dd>
          {status === null
            ? '…'
            : status.loaded.length === 0
              ? 'nothing'
              : status.loaded.map((l) => l.modelId).join(', ')}
        </dd>
        {status?.lastCrash != null && (
          <>
            <dt>Last crash</dt>
            <dd>
              {status.lastCrash} (restarted {status.restarts} {status.restarts === 1 ? 'time' : 'times'})
            </dd>
          </>
        )}
      </dl>
      {children}
    </section>
  );
}
