import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState.js';
import { useApi } from '../../api/context.js';
import { usePapers } from '../../data/usePapers.js';
import { usePreferences } from '../../data/preferences.js';
import { decodeHighlight, initialPage, openedFromAnswer, readerPath } from '../../lib/readerLink.js';
import { usePdfDocument } from './usePdfDocument.js';
import { PdfReader } from './PdfReader.js';
import { pageText } from './pageText.js';

/** What the Reader shows of a paper besides its PDF: its title, and which pages OCR read. */
interface PaperFacts {
  /** From the library: the PDF's own title field is often wrong. Null when unknown. */
  title: string | null;
  ocrPages: ReadonlySet<number>;
}

/** The paper's facts from the library; null until they arrive (a paper the library cannot give has none). */
function usePaperFacts(paperId: string): PaperFacts | null {
  const api = useApi();
  const [facts, setFacts] = useState<{ paperId: string; facts: PaperFacts } | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('library.paper', { paperId }).then((r) => {
      if (!live) return;
      setFacts({
        paperId,
        facts: r.ok
          ? { title: r.value.title, ocrPages: new Set(r.value.ocrPages) }
          : { title: null, ocrPages: new Set() },
      });
    });
    return () => {
      live = false;
    };
  }, [api, paperId]);
  return facts?.paperId === paperId ? facts.facts : null;
}

function OpenPaper({ paperId }: { paperId: string }) {
  const api = useApi();
  const facts = usePaperFacts(paperId);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { state, pathname, search } = useLocation();
  const [, updatePreferences] = usePreferences();
  const hl = params.get('hl');
  const highlights = useMemo(() => decodeHighlight(hl), [hl]);
  const pdf = usePdfDocument(api.paperFileUrl(paperId));
  const doc = pdf.status === 'ready' ? pdf.doc : null;
  // Scanned pages have no text layer: their words come from the library, where OCR put them at import.
  const text = useMemo(
    () =>
      doc === null || facts === null
        ? null
        : pageText(doc, facts.ocrPages, (page) =>
            api.invoke('library.ocrText', { paperId, page }).then((r) => (r.ok ? r.value.lines : [])),
          ),
    [api, doc, facts, paperId],
  );
  const onPage = useCallback(
    (page: number) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('page', String(page));
          return next;
        },
        // Turning pages keeps the way back to the answer.
        { replace: true, state },
      ),
    [setParams, state],
  );

  const shown = pdf.status === 'ready';
  // Where the Reader was left, page and highlight included: the Reader opens there next time.
  useEffect(() => {
    if (shown) updatePreferences({ readerPath: `${pathname}${search}` });
  }, [shown, pathname, search, updatePreferences]);

  const back = openedFromAnswer(state) && (
    <button type="button" className="link-button back-to-answer" onClick={() => navigate(-1)}>
      ← Back to the answer
    </button>
  );
  if (pdf.status === 'error')
    return (
      <>
        {back}
        <div role="alert" className="reader-error">
          <h2>This paper could not be shown</h2>
          <p>{pdf.message}</p>
          <p>Its passages stay searchable, and answers still cite them.</p>
        </div>
      </>
    );
  if (pdf.status === 'loading' || text === null)
    return (
      <>
        {back}
        <p role="status">Opening the paper…</p>
      </>
    );
  const page = Math.min(initialPage(params.get('page'), highlights), pdf.doc.numPages);
  const title = facts?.title ?? null;
  return (
    <>
      <div className="reader-head">
        {back}
        {title !== null && (
          <p className="paper-title" data-testid="paper-title">
            {title}
          </p>
        )}
        <Link to={CHOOSE} className="other-papers">
          Other papers
        </Link>
      </div>
      <PdfReader
        doc={pdf.doc}
        text={text}
        page={page}
        onPage={onPage}
        highlights={highlights}
        quote={params.get('q')}
      />
    </>
  );
}

/** The library's PDFs, newest first, to open from the Reader's empty state. */
function PaperPicker() {
  const { papers } = usePapers();
  const pdfs = (papers ?? []).filter((p) => p.format === 'pdf');
  if (pdfs.length === 0)
    return (
      <p>
        No PDF papers yet: import some in the <Link to="/library">Library</Link>.
      </p>
    );
  return (
    <nav aria-label="Papers to open">
      <p>Open one of your papers:</p>
      <ul className="paper-picker">
        {pdfs.slice(0, 12).map((p) => (
          <li key={p.paperId}>
            <Link to={readerPath(p.paperId, 1)}>{p.title}</Link>
            {p.year !== null && <span className="muted"> ({p.year})</span>}
          </li>
        ))}
      </ul>
      {pdfs.length > 12 && <p className="muted">…and {pdfs.length - 12} more in the Library.</p>}
    </nav>
  );
}

/** The Reader with no paper named: the one last read, while it is in the library; else a choice. */
function NoPaperNamed() {
  const [search] = useSearchParams();
  const [{ readerPath: last }, updatePreferences] = usePreferences();
  const { papers } = usePapers();
  const lastId = last === null ? null : decodeURIComponent(last.slice('/reader/'.length).split('?')[0]!);
  const known = lastId !== null && papers !== null && papers.some((p) => p.paperId === lastId);
  useEffect(() => {
    if (lastId !== null && papers !== null && !known) updatePreferences({ readerPath: null });
  }, [lastId, papers, known, updatePreferences]);
  if (last !== null && known && !search.has('choose')) return <Navigate to={last} replace />;
  if (last !== null && papers === null) return <p role="status">Opening the paper…</p>;
  return (
    <EmptyState title="No paper open">
      <p>
        Click a citation in an answer to read the cited passage, highlighted on its page, or open a paper here or from
        the Library.
      </p>
      <PaperPicker />
    </EmptyState>
  );
}

/** The Reader's address for choosing a paper rather than returning to the last one. */
const CHOOSE = '/reader?choose';

export function ReaderView() {
  const { paperId } = useParams();
  return (
    <div className="reader-view">
      <h1>Reader</h1>
      {paperId === undefined ? <NoPaperNamed /> : <OpenPaper key={paperId} paperId={paperId} />}
    </div>
  );
}
