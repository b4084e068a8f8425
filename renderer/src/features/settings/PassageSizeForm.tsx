import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../electron/contract/index.js';
import { useApi } from '../../api/context.js';

type Settings = OpOutput<'library.passageSize'>;
type Field = 'minWords' | 'maxWords' | 'overlapWords';
const FIELDS: Array<{ field: Field; label: string }> = [
  { field: 'minWords', label: 'Smallest passage (words)' },
  { field: 'maxWords', label: 'Largest passage (words)' },
  { field: 'overlapWords', label: 'Overlap (words)' },
];

const same = (a: Settings['saved'], b: Settings['inUse']): boolean =>
  FIELDS.every(({ field }) => a[field] === b[field]);

/**
 * How imports cut papers into passages, kept in the library; the core checks the numbers, and they apply from the next
 * start.
 */
export function PassageSizeForm() {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Record<Field, string>>({ minWords: '', maxWords: '', overlapWords: '' });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const show = (value: Settings): void => {
    setSettings(value);
    setDraft({
      minWords: String(value.saved.minWords),
      maxWords: String(value.saved.maxWords),
      overlapWords: String(value.saved.overlapWords),
    });
  };
  useEffect(() => {
    let live = true;
    void api
      .invoke('library.passageSize', {})
      .then((r) => live && (r.ok ? show(r.value) : setMessage({ text: r.error.message, error: true })));
    return () => {
      live = false;
    };
  }, [api]);

  const save = async (): Promise<void> => {
    const size = {
      minWords: Number(draft.minWords),
      maxWords: Number(draft.maxWords),
      overlapWords: Number(draft.overlapWords),
    };
    const r = await api.invoke('library.setPassageSize', size);
    if (!r.ok) return setMessage({ text: r.error.message, error: true });
    show(r.value);
    setMessage({
      text: same(r.value.saved, r.value.inUse)
        ? 'Saved.'
        : 'Saved. Papers imported after Scholium next starts are cut to this size.',
      error: false,
    });
  };

  return (
    <section aria-labelledby="passages-heading">
      <h2 id="passages-heading">Passage size</h2>
      <form
        className="passage-size"
        aria-label="Passage size"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {FIELDS.map(({ field, label }) => (
          <label className="setting" key={field}>
            {label}{' '}
            <input
              type="text"
              inputMode="numeric"
              size={5}
              value={draft[field]}
              onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
              disabled={settings === null}
            />
          </label>
        ))}{' '}
        <button type="submit" disabled={settings === null}>
          Save passage size
        </button>
      </form>
      <p className="muted">
        Imports cut each section into passages of about this many words, never across sections; the overlap repeats the
        end of one passage at the start of the next. Smaller passages make citations more precise, larger ones give the
        model more context per passage. Papers already in the library keep their passages (remove and import them again
        to re-cut them).
      </p>
      {settings !== null && !same(settings.saved, settings.inUse) && message === null && (
        <p className="muted">
          Imports in this session still use {`${settings.inUse.minWords}–${settings.inUse.maxWords} words`}; the saved
          size applies when Scholium next starts.
        </p>
      )}
      {message !== null && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : undefined}>
          {message.text}
        </p>
      )}
    </section>
  );
}
