import { useState } from 'react';

interface Props {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  zoom: number;
  onZoom: (zoom: number) => void;
  onFitWidth: () => void;
}

export const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

export function stepZoom(zoom: number, direction: 1 | -1): number {
  const steps =
    direction === 1 ? ZOOM_STEPS.filter((z) => z > zoom + 0.001) : ZOOM_STEPS.filter((z) => z < zoom - 0.001).reverse();
  return steps[0] ?? zoom;
}

/** Page navigation and zoom. The page box accepts a typed number on Enter or blur. */
export function ReaderToolbar({ page, pages, onPage, zoom, onZoom, onFitWidth }: Props) {
  const [typed, setTyped] = useState<string | null>(null);
  const commit = (): void => {
    const n = Number(typed);
    if (typed !== null && Number.isInteger(n) && n >= 1 && n <= pages) onPage(n);
    setTyped(null);
  };
  return (
    <div role="toolbar" aria-label="Pages and zoom" className="reader-toolbar">
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
        ‹
      </button>
      <label className="page-input">
        Page{' '}
        <input
          type="text"
          inputMode="numeric"
          aria-label="Page number"
          value={typed ?? String(page)}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          size={3}
        />{' '}
        of <span data-testid="page-count">{pages}</span>
      </label>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page">
        ›
      </button>
      <span className="toolbar-gap" />
      <button
        type="button"
        onClick={() => onZoom(stepZoom(zoom, -1))}
        disabled={zoom <= ZOOM_STEPS[0]}
        aria-label="Zoom out"
      >
        −
      </button>
      <output aria-label="Zoom level" data-testid="zoom-level">
        {Math.round(zoom * 100)}%
      </output>
      <button
        type="button"
        onClick={() => onZoom(stepZoom(zoom, 1))}
        disabled={zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]!}
        aria-label="Zoom in"
      >
        +
      </button>
      <button type="button" onClick={onFitWidth}>
        Fit width
      </button>
    </div>
  );
}
