import { useCallback, useSyncExternalStore } from 'react';

/**
 * Finished jobs the user cleared from a jobs panel, kept in the browser's storage so they stay cleared when the view
 * is left and opened again (or the page reloaded) while the core still lists them.
 */
const KEY = 'scholium.clearedJobs';
/** Job ids are kept this many at most, newest last; older ones belong to jobs the core no longer lists. */
const KEEP = 500;
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: ReadonlySet<string> } | null = null;

function read(): ReadonlySet<string> {
  const raw = window.localStorage.getItem(KEY);
  if (cached?.raw === raw) return cached.value;
  let ids: string[] = [];
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    if (Array.isArray(parsed)) ids = parsed.filter((id): id is string => typeof id === 'string');
  } catch {
    // A hand-edited or damaged entry: nothing is cleared.
  }
  cached = { raw, value: new Set(ids) };
  return cached.value;
}

/** The cleared job ids, and a function that clears more. */
export function useClearedJobs(): [ReadonlySet<string>, (jobIds: readonly string[]) => void] {
  const cleared = useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
  const clear = useCallback((jobIds: readonly string[]) => {
    const ids = [...new Set([...read(), ...jobIds])].slice(-KEEP);
    window.localStorage.setItem(KEY, JSON.stringify(ids));
    for (const l of listeners) l();
  }, []);
  return [cleared, clear];
}
