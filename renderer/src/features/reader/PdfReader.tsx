import { useEffect, useMemo, useRef, useState } from 'react';
import { PixelsPerInch, type PDFDocumentProxy } from 'pdfjs-dist';
import { isTyping } from '../../lib/keys.js';
import { PdfPage } from './PdfPage.js';
import { ReaderToolbar, stepZoom } from './ReaderToolbar.js';
import { FindBar } from './FindBar.js';
import { useFind } from './useFind.js';
import type { PageText } from './pageText.js';
import type { Box } from '../../lib/readerLink.js';
import { boxesOnPage } from './highlights.js';
import './reader.css';

interface Props {
  doc: PDFDocumentProxy;
  /** Its pages' text: text layers, and the words OCR read on scanned pages. */
  text: PageText;
  page: number;
  onPage: (page: number) => void;
  highlights: readonly Box[];
  /** The cited words, when the Reader was opened from a citation. */
  quote: string | null;
}

/** A paper, one page at a time: navigation, zoom, find, and the cited span highlighted. */
export function PdfReader({ doc, text, page, onPage, highlights, quote }: Props) {
  const [zoom, setZoom] = useState(1);
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState<{ query: string; index: number } | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const find = useFind(text, doc.numPages, query);
  const { matches } = find;
  const index = matches.length > 0 && cursor?.query === query.trim() ? cursor.index : null;
  const active = index === null ? null : (matches[index] ?? null);
  const pageMatches = useMemo(() => matches.filter((m) => m.page === page), [matches, page]);
  const pageHighlights = useMemo(() => boxesOnPage(highlights, page), [highlights, page]);
  const highlightPages = [...new Set(highlights.map((b) => b.page))];
  const goTo = (n: number): void => onPage(Math.min(Math.max(1, n), doc.numPages));

  const step = (delta: 1 | -1): void => {
    if (matches.length === 0) return;
    // The first step goes to the nearest match from the current page on (or before it, going back).
    const next =
      index !== null
        ? (index + delta + matches.length) % matches.length
        : delta === 1
          ? Math.max(
              0,
              matches.findIndex((m) => m.page >= page),
            )
          : Math.max(
              0,
              matches.findLastIndex((m) => m.page <= page),
            );
    setCursor({ query: query.trim(), index: next });
    const target = matches[next];
    if (target !== undefined && target.page !== page) onPage(target.page);
  };

  const fitWidth = (): void => {
    void doc.getPage(page).then((p) => {
      const available = (viewport.current?.clientWidth ?? 800) - 32;
      const width = p.getViewport({ scale: PixelsPerInch.PDF_TO_CSS_UNITS }).width;
      setZoom(Math.min(3, Math.max(0.5, available / width)));
    });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
        e.preventDefault();
        findInput.current?.focus();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        findInput.current?.focus();
      } else if (e.key === 'ArrowRight') onPage(Math.min(doc.numPages, page + 1));
      else if (e.key === 'ArrowLeft') onPage(Math.max(1, page - 1));
      else if (e.key === '+' || e.key === '=') setZoom((z) => stepZoom(z, 1));
      else if (e.key === '-') setZoom((z) => stepZoom(z, -1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, page, onPage]);

  return (
    <div className="reader">
      <div className="reader-bar">
        <ReaderToolbar
          page={page}
          pages={doc.numPages}
          onPage={goTo}
          zoom={zoom}
          onZoom={setZoom}
          onFitWidth={fitWidth}
        />
        <FindBar
          inputRef={findInput}
          query={query}
          onQuery={setQuery}
          count={matches.length}
          index={index}
          searching={find.searching}
          onStep={step}
        />
      </div>
      {highlightPages.length > 0 && (
        <p className="hl-note" data-testid="highlight-note">
          Cited passage highlighted on page{highlightPages.length > 1 ? 's' : ''}{' '}
          {highlightPages.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              {p === page ? (
                <strong>{p}</strong>
              ) : (
                <button type="button" className="link-button" onClick={() => goTo(p)}>
                  {p}
                </button>
              )}
            </span>
          ))}
          .
        </p>
      )}
      <div
        ref={viewport}
        className="pdf-viewport"
        role="region"
        aria-label={`Page ${page} of ${doc.numPages}`}
        tabIndex={0}
      >
        <PdfPage
          doc={doc}
          text={text}
          page={page}
          scale={zoom * PixelsPerInch.PDF_TO_CSS_UNITS}
          highlights={pageHighlights}
          quote={quote}
          matches={pageMatches}
          activeMatch={active?.page === page ? active : null}
        />
      </div>
    </div>
  );
}
