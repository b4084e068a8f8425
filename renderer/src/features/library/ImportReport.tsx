export interface ReportEntry {
  file: string;
  reason: string;
}

export interface ImportReportData {
  imported: number;
  duplicates: readonly ReportEntry[];
  skipped: readonly ReportEntry[];
  failed: readonly ReportEntry[];
  /** Papers taken out because their file is gone (watched folders). */
  removed: number;
}

/** The file's own name; the full path (for uploads, a folder inside the library) is in the cell's title. */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** What an import did not take, file by file, with the reason; nothing is dropped silently. */
export function ImportReport({ report, onClose }: { report: ImportReportData; onClose: () => void }) {
  const problems = [
    ...report.failed.map((e) => ({ ...e, kind: 'Failed' })),
    ...report.skipped.map((e) => ({ ...e, kind: 'Skipped' })),
    ...report.duplicates.map((e) => ({ ...e, kind: 'Already in the library' })),
  ];
  return (
    <section className="import-report" aria-labelledby="import-report-heading" data-testid="import-report">
      <div className="report-head">
        <h2 id="import-report-heading">Import report</h2>
        <button type="button" onClick={onClose} aria-label="Close the import report">
          ×
        </button>
      </div>
      <p>
        {report.imported} imported
        {report.failed.length > 0 && `, ${report.failed.length} failed`}
        {report.skipped.length > 0 && `, ${report.skipped.length} skipped`}
        {report.duplicates.length > 0 && `, ${report.duplicates.length} already in the library`}
        {report.removed > 0 && `, ${report.removed} removed because their file is gone`}.
      </p>
      {problems.length > 0 && (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Result</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={`${p.file}:${i}`}>
                <td className="file" title={p.file}>
                  {baseName(p.file)}
                </td>
                <td>{p.kind}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
