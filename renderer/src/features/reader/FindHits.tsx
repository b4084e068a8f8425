import { useEffect, useRef } from 'react';
import type { TextMatch } from './findText.js';
import { matchRects } from './textRects.js';

interface Props {
  textDivs: readonly HTMLElement[];
  matches: readonly TextMatch[];
  active: TextMatch | null;
}

/** Find-in-paper hits on this page, the current one emphasised and scrolled into view. */
export function FindHits({ textDivs, matches, active }: Props) {
  const layer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = layer.current;
    const pageEl = host?.parentElement;
    if (host == null || pageEl == null) return;
    const origin = pageEl.getBoundingClientRect();
    const marks: HTMLElement[] = [];
    let current: HTMLElement | null = null;
    for (const match of matches) {
      for (const r of matchRects(textDivs, match)) {
        const mark = document.createElement('div');
        mark.className = match === active ? 'find-hit active' : 'find-hit';
        Object.assign(mark.style, {
          left: `${r.left - origin.left}px`,
          top: `${r.top - origin.top}px`,
          width: `${r.width}px`,
          height: `${r.height}px`,
        });
        marks.push(mark);
        if (match === active) current ??= mark;
      }
    }
    host.replaceChildren(...marks);
    current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [textDivs, matches, active]);
  return <div ref={layer} className="find-layer" aria-hidden="true" data-testid="find-layer" />;
}
