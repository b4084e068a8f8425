import { useState } from 'react';
import type { AppInfo, DoctorReport } from '../../../../electron/contract/index.js';
import { useApi } from '../../api/context.js';
import { formatBytes } from '../../lib/formatBytes.js';

/** Where the library is, how big, how to use another folder, and a backup on demand. */
export function LibraryFacts({ info, doctor }: { info: AppInfo | null; doctor: DoctorReport | null }) {
  const api = useApi();
  const [backup, setBackup] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const back = async (): Promise<void> => {
    setBusy(true);
    const r = await api.invoke('app.backup', {});
    setBusy(false);
    setBackup(
      r.ok
        ? { text: `Backed up to ${r.value.file} (${formatBytes(r.value.bytes)}).`, error: false }
        : { text: r.error.message, error: true },
    );
  };
  return (
    <section aria-labelledby="library-heading">
      <h2 id="library-heading">Library</h2>
      <dl className="facts">
        <dt>Location</dt>
        <dd data-testid="library-dir">{info?.libraryDir ?? '…'}</dd>
        <dt>Size</dt>
        <dd>{doctor === null ? '…' : `${formatBytes(doctor.library.bytes)} in ${doctor.library.files} files`}</dd>
        <dt>Version</dt>
        <dd>{info === null ? '…' : `Scholium ${info.version} (schema ${info.schemaVersion}, ${info.mode} mode)`}</dd>
      </dl>
      <p className="muted">
        To use another folder, start Scholium with <code>--library /path/to/folder</code> or set{' '}
        <code>SCHOLIUM_HOME</code>; the app, <code>scholium serve</code> and the command line then share it. Papers you
        imported by path stay where they are; the library keeps their text, passages and your metadata edits.
      </p>
      <button type="button" onClick={() => void back()} disabled={busy}>
        {busy ? 'Backing up…' : 'Back up now'}
      </button>
      {backup !== null && (
        <p
          role={backup.error ? 'alert' : 'status'}
          className={backup.error ? 'error-text' : undefined}
          data-testid="backup-result"
        >
          {backup.text}
        </p>
      )}
    </section>
  );
}
