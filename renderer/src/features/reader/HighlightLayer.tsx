import { useEffect, useRef } from 'react';
import type { CssRect } from './highlights.js';

/**
 * The cited span, scrolled into view: `exact` when drawn over the quoted words
 * found in the text layer, else from the passage's stored boxes.
 */
export function HighlightLayer({ rects, exact }: { rects: readonly CssRect[]; exact: boolean }) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [rects]);
  return (
    <div className="hl-layer" aria-hidden="true" data-exact={exact}>
      {rects.map((r, i) => (
        <div
          key={`${i}:${r.left},${r.top}`}
          ref={i === 0 ? first : undefined}
          className="hl-box"
          data-testid="highlight"
          style={r}
        />
      ))}
    </div>
  );
}
