import { useState } from 'react';
import type { MetadataImportResult } from '../../../../electron/contract/ops/library.js';
import { useApi } from '../../api/context.js';

/**
 * Attach authoritative metadata and collections from a BibTeX or CSL-JSON file or a Zotero data folder on this
 * computer.
 */
export function MetadataImport({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const [path, setPath] = useState('');
  const [result, setResult] = useState<MetadataImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    const r = await api.invoke('library.importMetadata', { path: path.trim() });
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : r.error.message);
    if (r.ok) onDone();
  };
  return (
    <details className="metadata-import">
      <summary>Metadata from BibTeX, CSL-JSON or Zotero</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() !== '') void run();
        }}
      >
        <input
          type="text"
          aria-label="BibTeX, CSL-JSON or Zotero folder path"
          placeholder="~/refs.bib, ~/library.json or ~/Zotero"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" disabled={path.trim() === ''}>
          Attach metadata
        </button>
      </form>
      {error !== null && <p role="alert">{error}</p>}
      {result !== null && (
        <div role="status" data-testid="metadata-result">
          <p>
            {result.entries} {result.source} entries: {result.matched.length} matched papers in the library,{' '}
            {result.unmatched.length} did not
            {result.collections.length > 0 && `; ${result.collections.length} collections`}.
          </p>
          {result.attachments.length > 0 && (
            <p>
              {result.attachments.length} attached PDFs are not in the library yet: import the Zotero storage folder to
              add them.
            </p>
          )}
          {result.warnings.map((w) => (
            <p key={w} className="muted">
              {w}
            </p>
          ))}
        </div>
      )}
    </details>
  );
}
