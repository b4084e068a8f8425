import { useState } from 'react';
import { useApi } from '../../api/context.js';

/** Saves a file in the browser: a Blob behind a temporary download link (no file system access from the page). */
function download(filename: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButtons({ conversationId }: { conversationId: string }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'markdown' | 'bibtex'): Promise<void> => {
    const r = await api.invoke('conversations.export', { conversationId, format });
    if (r.ok) {
      setError(null);
      download(r.value.filename, r.value.mimeType, r.value.content);
    } else setError(r.error.message);
  };
  return (
    <div className="export" role="group" aria-label="Export conversation">
      <button type="button" onClick={() => void run('markdown')}>
        Export Markdown
      </button>
      <button type="button" onClick={() => void run('bibtex')}>
        Export BibTeX
      </button>
      {error !== null && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </div>
  );
}
