import { useState, type ChangeEvent } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import { download } from '../../lib/download.js';
import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';
import { importSummary, setFileFormat } from './setFile.js';

interface Report {
  summary: string;
  errors: Array<{ line: number; message: string }>;
}

/** Questions in from a JSONL or CSV file (read here, sent as text), and the set's accepted questions out as either. */
export function SetImportExport({ set, onImported }: { set: EvalSetSummary; onImported: () => void }) {
  const api = useApi();
  const [asDrafts, setAsDrafts] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Cleared at once, so choosing the same file again (after fixing it) imports it again.
    input.value = '';
    if (file === undefined) return;
    setReport(null);
    const format = setFileFormat(file.name);
    if (format === null)
      return setError(`${file.name} is neither JSON Lines (.jsonl) nor CSV (.csv): choose one of those.`);
    setBusy(true);
    const r = await api.invoke('eval.sets.import', {
      setId: set.setId,
      format,
      content: await file.text(),
      status: asDrafts ? 'draft' : 'accepted',
    });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setReport({
      summary: importSummary(file.name, r.value.imported, r.value.errors.length, asDrafts),
      errors: r.value.errors,
    });
    onImported();
  };

  const exportAs = async (format: 'jsonl' | 'csv'): Promise<void> => {
    const r = await api.invoke('eval.sets.export', { setId: set.setId, format });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    download(r.value.filename, r.value.mimeType, r.value.content);
  };

  return (
    <section className="eval-io" aria-labelledby="set-io-heading">
      <h3 id="set-io-heading">Import and export</h3>
      <p className="muted">
        One question a line in JSON Lines, or CSV with a header: <code>question</code>, <code>expected</code>,{' '}
        <code>paper</code>, <code>page</code>, <code>unanswerable</code>.
      </p>
      <div className="eval-io-row">
        <label className="eval-file">
          Import questions from a file (.jsonl or .csv)
          <input type="file" accept=".jsonl,.ndjson,.csv" disabled={busy} onChange={(e) => void importFile(e)} />
        </label>
        <label className="eval-check">
          <input type="checkbox" checked={asDrafts} onChange={(e) => setAsDrafts(e.target.checked)} /> Import as drafts
          to review
        </label>
      </div>
      {busy && <p role="status">Importing…</p>}
      {report !== null && (
        <div className="eval-import-report">
          <p role="status">{report.summary}</p>
          {report.errors.length > 0 && (
            <ul aria-label="Lines not imported" className="error-text">
              {report.errors.map((l) => (
                <li key={l.line}>
                  Line {l.line}: {l.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={error} />
      <div className="eval-io-row" role="group" aria-label={`Export ${set.name}`}>
        <button type="button" disabled={set.accepted === 0} onClick={() => void exportAs('jsonl')}>
          Export JSONL
        </button>
        <button type="button" disabled={set.accepted === 0} onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        {set.accepted === 0 && (
          <span className="muted">Nothing to export yet: only accepted questions are exported.</span>
        )}
      </div>
    </section>
  );
}
