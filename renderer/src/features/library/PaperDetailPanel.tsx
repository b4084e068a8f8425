import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import { readerPath } from '../../lib/readerLink.js';
import type { PaperDetail } from '../../../../electron/contract/ops/library.js';
import { fieldsOf, ITEM_TYPE_LABEL, metadataEdit, type MetadataFields } from './metadataForm.js';
import { statusLabel } from './paperTable.js';

const FORMAT_LABEL: Record<PaperDetail['format'], string> = {
  pdf: 'PDF',
  text: 'plain text',
  markdown: 'Markdown',
  jsonl: 'a JSONL document',
};

function MetadataForm({ paper, onSaved }: { paper: PaperDetail; onSaved: (paper: PaperDetail) => void }) {
  const api = useApi();
  const [fields, setFields] = useState<MetadataFields>(() => fieldsOf(paper));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const set = (key: keyof MetadataFields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));
  const save = async (): Promise<void> => {
    const checked = metadataEdit(paper, fields);
    if ('problem' in checked) return setMessage({ text: checked.problem, error: true });
    if (Object.keys(checked.edit).length === 1) return setMessage({ text: 'Nothing changed.', error: false });
    const r = await api.invoke('library.updateMetadata', checked.edit);
    if (!r.ok) return setMessage({ text: r.error.message, error: true });
    setMessage({ text: 'Saved.', error: false });
    onSaved(r.value);
  };
  return (
    <form
      className="metadata-form"
      aria-label="Metadata"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Title <input type="text" value={fields.title} onChange={set('title')} />
      </label>
      <label>
        Authors (one per line) <textarea rows={3} value={fields.authors} onChange={set('authors')} />
      </label>
      <label>
        Year <input type="text" inputMode="numeric" value={fields.year} onChange={set('year')} />
      </label>
      <label>
        Venue (journal, proceedings, series) <input type="text" value={fields.venue} onChange={set('venue')} />
      </label>
      <label>
        Type
        <select value={fields.itemType} onChange={set('itemType')}>
          <option value="">Not known</option>
          {Object.entries(ITEM_TYPE_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        DOI <input type="text" value={fields.doi} onChange={set('doi')} />
      </label>
      <label>
        Abstract <textarea rows={5} value={fields.abstract} onChange={set('abstract')} />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save metadata
        </button>
        {message !== null && (
          <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : undefined}>
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}

/** One paper: its metadata (editable), where its file is, open or remove it. */
export function PaperDetailPanel({ paperId, onChanged }: { paperId: string; onChanged: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const [state, setState] = useState<{ paper: PaperDetail | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    void api
      .invoke('library.paper', { paperId })
      .then((r) => live && setState(r.ok ? { paper: r.value, error: null } : { paper: null, error: r.error.message }));
    return () => {
      live = false;
    };
  }, [api, paperId]);
  const remove = async (): Promise<void> => {
    if (!window.confirm('Remove this paper and its passages from the library? The PDF file itself is not deleted.'))
      return;
    const r = await api.invoke('library.remove', { paperId });
    if (r.ok) {
      onChanged();
      navigate('/library');
    } else setState((s) => ({ paper: s?.paper ?? null, error: r.error.message }));
  };
  if (state === null) return <p role="status">Loading the paper…</p>;
  const { paper } = state;
  return (
    <section className="paper-detail" aria-labelledby="paper-detail-heading">
      <h2 id="paper-detail-heading">{paper?.title ?? 'Paper'}</h2>
      {state.error !== null && <p role="alert">{state.error}</p>}
      {paper !== null && (
        <>
          <p className="muted">
            {paper.format === 'pdf'
              ? `${paper.pages} ${paper.pages === 1 ? 'page' : 'pages'}`
              : FORMAT_LABEL[paper.format]}{' '}
            · {paper.passages} {paper.passages === 1 ? 'passage' : 'passages'} · {statusLabel(paper)} ·{' '}
            <span className="file">{paper.file}</span>
          </p>
          <div className="form-actions">
            {/* Text documents have no pages to show; their passages are searched and cited all the same. */}
            {paper.format === 'pdf' && <Link to={readerPath(paper.paperId, 1)}>Open in the Reader</Link>}
            <button type="button" onClick={() => void remove()}>
              Remove from library
            </button>
          </div>
          <MetadataForm
            key={paper.paperId}
            paper={paper}
            onSaved={(p) => {
              setState({ paper: p, error: null });
              onChanged();
            }}
          />
        </>
      )}
    </section>
  );
}
