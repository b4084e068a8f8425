import { useCallback, useSyncExternalStore } from 'react';

/** Choices that belong to this window's UI (not the library), kept in the browser's storage. */
export interface Preferences {
  /** Passages given to each answer: set in Settings or in Ask, the same number both places. */
  defaultK: number;
  /** The Reader's address when it was last left (paper, page, highlight), to open it there again; null: none yet. */
  readerPath: string | null;
}

const KEY = 'scholium.preferences';
const DEFAULTS: Preferences = { defaultK: 6, readerPath: null };
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: Preferences } | null = null;

function read(): Preferences {
  const raw = window.localStorage.getItem(KEY);
  if (cached?.raw === raw) return cached.value;
  let value = DEFAULTS;
  try {
    const parsed = JSON.parse(raw ?? '{}') as Partial<Record<keyof Preferences, unknown>>;
    const k = Number(parsed.defaultK);
    const reader = parsed.readerPath;
    value = {
      defaultK: Number.isInteger(k) && k >= 1 && k <= 30 ? k : DEFAULTS.defaultK,
      readerPath: typeof reader === 'string' && reader.startsWith('/reader/') ? reader : null,
    };
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
