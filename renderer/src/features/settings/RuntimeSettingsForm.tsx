import { useEffect, useState } from 'react';
import type { OpOutput, RuntimeSettings } from '../../../../electron/contract/index.js';
import { useApi } from '../../api/context.js';

type Saved = OpOutput<'app.settings'>;

/** Threads and GPU use of the model runtime, kept in the library; they take effect when Scholium next starts. */
export function RuntimeSettingsForm({ physicalCores }: { physicalCores: number | null }) {
  const api = useApi();
  const [saved, setSaved] = useState<Saved | null>(null);
  const [threads, setThreads] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('app.settings', {}).then((r) => {
      if (!live) return;
      if (!r.ok) return setMessage({ text: r.error.message, error: true });
      setSaved(r.value);
      setThreads(r.value.threads === null ? '' : String(r.value.threads));
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = async (change: Partial<RuntimeSettings>): Promise<void> => {
    const r = await api.invoke('app.updateSettings', change);
    if (!r.ok) {
      setMessage({ text: r.error.message, error: true });
      const current = await api.invoke('app.settings', {});
      if (current.ok) setSaved(current.value);
      return;
    }
    setSaved(r.value);
    setMessage({ text: r.value.restartNeeded ? 'Saved. Restart Scholium to apply it.' : 'Saved.', error: false });
  };
  const saveThreads = (): void => {
    const text = threads.trim();
    if (text === '') return void save({ threads: null });
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 256)
      return setMessage({
        text: `“${text}” is not a thread count: use a whole number from 1 to 256, or leave it empty for automatic.`,
        error: true,
      });
    void save({ threads: n });
  };

  return (
    <form
      className="runtime-settings"
      aria-label="Model runtime"
      onSubmit={(e) => {
        e.preventDefault();
        saveThreads();
      }}
    >
      <label className="setting">
        Threads{' '}
        <input
          type="text"
          inputMode="numeric"
          value={threads}
          placeholder={physicalCores === null ? 'automatic' : `automatic (${physicalCores})`}
          onChange={(e) => setThreads(e.target.value)}
          disabled={saved === null}
        />
      </label>{' '}
      <button type="submit" disabled={saved === null}>
        Save threads
      </button>
      <p className="muted">
        Empty means one thread per physical core, which is fastest: more threads than cores make generation much slower,
        not faster.
      </p>
      <label className="setting">
        <input
          type="checkbox"
          checked={saved?.gpu ?? true}
          disabled={saved === null}
          onChange={(e) => {
            // Shown at once; the saved value comes back from the core.
            const gpu = e.target.checked;
            setSaved((s) => (s === null ? s : { ...s, gpu }));
            void save({ gpu });
          }}
        />{' '}
        Use a GPU when one is found
      </label>
      <p className="muted">Off keeps models on the CPU, e.g. to leave the GPU to other work.</p>
      {saved?.restartNeeded === true && message === null && (
        <p className="muted">Changed settings apply when Scholium next starts.</p>
      )}
      {message !== null && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : undefined}>
          {message.text}
        </p>
      )}
    </form>
  );
}
