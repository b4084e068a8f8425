import { useEffect, useRef } from 'react';
import type { TextMatch } from './findText.js';

/** Client rectangles of a match, through a DOM range over the text layer's spans (exact glyph extents). */
function matchRects(textDivs: readonly HTMLElement[], match: TextMatch): DOMRect[] {
  const start = textDivs[match.start.item]?.firstChild;
  const end = textDivs[match.end.item]?.firstChild;
  if (start == null || end == null) return [];
  const range = document.createRange();
  range.setStart(start, Math.min(match.start.offset, start.textContent?.length ?? 0));
  range.setEnd(end, Math.min(match.end.offset, end.textContent?.length ?? 0));
  return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
}

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
        Object.assign(mark.style, { left: `${r.left - origin.left}px`, top: `${r.top - origin.top}px`, width: `${r.width}px`, height: `${r.height}px` });
        marks.push(mark);
        if (match === active) current ??= mark;
      }
    }
    host.replaceChildren(...marks);
    current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [textDivs, matches, active]);
  return <div ref={layer} className="find-layer" aria-hidden="true" data-testid="find-layer" />;
}
