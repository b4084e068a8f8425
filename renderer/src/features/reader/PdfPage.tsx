import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { RenderingCancelledException, TextLayer, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import type { PageText } from './pageText.js';
import { HighlightLayer } from './HighlightLayer.js';
import { FindHits } from './FindHits.js';
import type { Box } from '../../lib/readerLink.js';
import { boxToCss, type CssRect } from './highlights.js';
import type { TextMatch } from './findText.js';
import { locateQuote } from './locateQuote.js';
import { lineRects, matchRects } from './textRects.js';

interface Props {
  doc: PDFDocumentProxy;
  /** The page's text: its text layer, or the words OCR read on a scan. */
  text: PageText;
  page: number;
  /** CSS pixels per PDF point. */
  scale: number;
  highlights: readonly Box[];
  /** The cited words, to highlight exactly where the text layer has them (the boxes are spread by line width). */
  quote: string | null;
  matches: readonly TextMatch[];
  activeMatch: TextMatch | null;
}

interface Rendered {
  page: number;
  scale: number;
  width: number;
  height: number;
  textDivs: HTMLElement[];
}

function isCancellation(error: unknown): boolean {
  return error instanceof RenderingCancelledException || (error instanceof Error && error.name === 'AbortException');
}

/**
 * One page: the canvas, pdf.js's text layer (selectable, searchable) and the
 * overlays. A new canvas and text layer are built off-screen and swapped in
 * when complete, so zooming never shows a blank page.
 */
export function PdfPage({ doc, text, page, scale, highlights, quote, matches, activeMatch }: Props) {
  const pageEl = useRef<HTMLDivElement>(null);
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const key = `${page}@${scale}`;

  useEffect(() => {
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    const run = async (): Promise<void> => {
      const proxy = await doc.getPage(page);
      if (cancelled) return;
      const viewport = proxy.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.setAttribute('aria-hidden', 'true');
      renderTask = proxy.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      const content = await text.content(page);
      if (cancelled) return;
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      textLayer = new TextLayer({ textContentSource: content, container: layer, viewport });
      await Promise.all([renderTask.promise, textLayer.render()]);
      if (cancelled) return;
      canvasHost.current?.replaceChildren(canvas);
      textHost.current?.replaceChildren(layer);
      setRendered({ page, scale, width: viewport.width, height: viewport.height, textDivs: textLayer.textDivs });
    };
    run().catch((e: unknown) => {
      if (!cancelled && !isCancellation(e))
        setError({ key: `${page}@${scale}`, message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
  }, [doc, text, page, scale]);

  // The quote's exact lines on this rendering (null: not found, the boxes stand); until looked for, nothing is drawn.
  const [located, setLocated] = useState<{ key: string; rects: CssRect[] | null } | null>(null);
  const wantsExact = quote !== null && highlights.length > 0;
  const locateKey = `${rendered?.page}@${rendered?.scale}|${quote}`;
  useEffect(() => {
    if (rendered === null || rendered.page !== page || quote === null || !wantsExact) return;
    let live = true;
    void text.items(page).then((items) => {
      const match = locateQuote(items, quote);
      const origin = pageEl.current?.getBoundingClientRect();
      if (!live || origin === undefined) return;
      const rects = match === null ? [] : lineRects(matchRects(rendered.textDivs, match), origin);
      setLocated({ key: locateKey, rects: rects.length > 0 ? rects : null });
    });
    return () => {
      live = false;
    };
  }, [text, page, rendered, wantsExact, quote, locateKey]);
  const exact = wantsExact && located?.key === locateKey ? located.rects : null;
  const highlightReady = rendered !== null && (!wantsExact || located?.key === locateKey);
  // Stable between renders: the layer scrolls to the highlight whenever its rectangles change (not while finding).
  const renderedScale = rendered?.scale ?? null;
  const highlightRects = useMemo(
    () => exact ?? (renderedScale === null ? [] : highlights.map((b) => boxToCss(b, renderedScale))),
    [exact, highlights, renderedScale],
  );

  const style = {
    width: rendered?.width,
    height: rendered?.height,
    '--total-scale-factor': rendered?.scale ?? scale,
    '--scale-round-x': '1px',
    '--scale-round-y': '1px',
  } as CSSProperties;
  const failed = error !== null && error.key === key;

  return (
    <div ref={pageEl} className="pdf-page" style={style} data-page={page} data-testid="pdf-page">
      <div ref={canvasHost} className="pdf-canvas" />
      <div ref={textHost} className="pdf-text" />
      {highlightReady && <HighlightLayer rects={highlightRects} exact={exact !== null} />}
      {rendered !== null && <FindHits textDivs={rendered.textDivs} matches={matches} active={activeMatch} />}
      {failed && (
        <p role="alert" className="page-error">
          Page {page} could not be drawn: {error.message}
        </p>
      )}
    </div>
  );
}
