import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { RenderingCancelledException, TextLayer, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { pageTextContent } from './pageText.js';
import { HighlightLayer } from './HighlightLayer.js';
import { FindHits } from './FindHits.js';
import type { Box } from './highlights.js';
import type { TextMatch } from './findText.js';

interface Props {
  doc: PDFDocumentProxy;
  page: number;
  /** CSS pixels per PDF point. */
  scale: number;
  highlights: readonly Box[];
  matches: readonly TextMatch[];
  activeMatch: TextMatch | null;
}

interface Rendered {
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
export function PdfPage({ doc, page, scale, highlights, matches, activeMatch }: Props) {
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
      const content = await pageTextContent(doc, page);
      if (cancelled) return;
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      textLayer = new TextLayer({ textContentSource: content, container: layer, viewport });
      await Promise.all([renderTask.promise, textLayer.render()]);
      if (cancelled) return;
      canvasHost.current?.replaceChildren(canvas);
      textHost.current?.replaceChildren(layer);
      setRendered({ scale, width: viewport.width, height: viewport.height, textDivs: textLayer.textDivs });
    };
    run().catch((e: unknown) => {
      if (!cancelled && !isCancellation(e)) setError({ key: `${page}@${scale}`, message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
  }, [doc, page, scale]);

  const style = {
    width: rendered?.width,
    height: rendered?.height,
    '--total-scale-factor': rendered?.scale ?? scale,
    '--scale-round-x': '1px',
    '--scale-round-y': '1px',
  } as CSSProperties;
  const failed = error !== null && error.key === key;

  return (
    <div className="pdf-page" style={style} data-page={page} data-testid="pdf-page">
      <div ref={canvasHost} className="pdf-canvas" />
      <div ref={textHost} className="pdf-text" />
      {rendered !== null && <HighlightLayer boxes={highlights} scale={rendered.scale} />}
      {rendered !== null && <FindHits textDivs={rendered.textDivs} matches={matches} active={activeMatch} />}
      {failed && (
        <p role="alert" className="page-error">
          Page {page} could not be drawn: {error.message}
        </p>
      )}
    </div>
  );
}
