import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { WatchedFolderSchema } from '../../../../electron/contract/ops/library.js';
import { useApi } from '../../api/context.js';

type WatchedFolder = z.infer<typeof WatchedFolderSchema>;

/** Folders kept in step with the library (new, changed and removed PDFs), each of which can be let go. */
export function WatchedFolders({ version }: { version: number }) {
  const api = useApi();
  const [folders, setFolders] = useState<WatchedFolder[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(0);
  const reload = useCallback(() => setChanged((c) => c + 1), []);
  useEffect(() => {
    let live = true;
    void api.invoke('library.watchedFolders', {}).then((r) => live && r.ok && setFolders(r.value));
    return () => {
      live = false;
    };
  }, [api, version, changed]);
  if (folders.length === 0) return null;
  const unwatch = async (path: string): Promise<void> => {
    const r = await api.invoke('library.unwatch', { path });
    setError(r.ok ? null : r.error.message);
    reload();
  };
  return (
    <section className="watched" aria-labelledby="watched-heading">
      <h2 id="watched-heading">Watched folders</h2>
      <ul>
        {folders.map((f) => (
          <li key={f.path}>
            <span className="file">{f.path}</span>
            <span className="muted">
              {f.lastScanAt === null ? ' · not scanned yet' : ` · checked ${new Date(f.lastScanAt).toLocaleString()}`}
            </span>
            <button type="button" onClick={() => void unwatch(f.path)} aria-label={`Stop watching ${f.path}`}>
              Stop watching
            </button>
          </li>
        ))}
      </ul>
      {error !== null && <p role="alert">{error}</p>}
    </section>
  );
}
