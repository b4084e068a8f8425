import { useState } from 'react';
import { useApi } from '../../api/context.js';
import { download } from '../../lib/download.js';

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
