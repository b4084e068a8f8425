import { useEffect, useRef } from 'react';
import { boxToCss, type Box } from './highlights.js';

/** The cited span, drawn from the passage's stored boxes (points) at the page's scale; scrolled into view. */
export function HighlightLayer({ boxes, scale }: { boxes: readonly Box[]; scale: number }) {
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [boxes]);
  return (
    <div className="hl-layer" aria-hidden="true">
      {boxes.map((box, i) => (
        <div key={`${i}:${box.x},${box.y}`} ref={i === 0 ? first : undefined} className="hl-box" data-testid="highlight" style={boxToCss(box, scale)} />
      ))}
    </div>
  );
}
