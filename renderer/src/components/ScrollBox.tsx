import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box whose content may scroll (its CSS caps its size). Only while it does scroll is it a named, focusable region, so
 * a keyboard can scroll it without every short box becoming a tab stop.
 */
export function ScrollBox({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const measure = (): void =>
      setScrolls(box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of Array.from(box.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [children]);
  return (
    <div ref={ref} className={className} {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
