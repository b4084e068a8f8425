import { useCallback, useSyncExternalStore } from 'react';

/** Choices that belong to this window's UI (not the library), kept in the browser's storage. */
export interface Preferences {
  /** Passages given to each answer. */
  defaultK: number;
}

const KEY = 'scholium.preferences';
const DEFAULTS: Preferences = { defaultK: 6 };
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: Preferences } | null = null;

function read(): Preferences {
  const raw = window.localStorage.getItem(KEY);
  if (cached?.raw === raw) return cached.value;
  let value = DEFAULTS;
  try {
    const parsed = JSON.parse(raw ?? '{}') as Partial<Preferences>;
    const k = Number(parsed.defaultK);
    value = { defaultK: Number.isInteger(k) && k >= 1 && k <= 30 ? k : DEFAULTS.defaultK };
  } catch {
    // A hand-edited or stale entry: fall back to the defaults.
  }
  cached = { raw, value };
  return value;
}

export function usePreferences(): [Preferences, (change: Partial<Preferences>) => void] {
  const value = useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
  const update = useCallback((change: Partial<Preferences>) => {
    window.localStorage.setItem(KEY, JSON.stringify({ ...read(), ...change }));
    for (const l of listeners) l();
  }, []);
  return [value, update];
}
