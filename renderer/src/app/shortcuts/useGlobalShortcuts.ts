import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isTyping } from '../../lib/keys.js';
import { GO_TO } from './shortcutList.js';

/** How long after `g` a view letter still counts. */
const CHORD_MS = 1500;

/** `?` toggles the shortcuts dialog; `g` then a letter switches views. Views handle their own keys (`/`, `[`, `]`…). */
export function useGlobalShortcuts(): { helpOpen: boolean; closeHelp: () => void } {
  const navigate = useNavigate();
  const [helpOpen, setHelpOpen] = useState(false);
  // react-router hands out a new `navigate` on every route change; the listener reads it through a ref and is
  // registered once, so a `g` pressed just as a view changes is not forgotten by a re-registered listener.
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  }, [navigate]);
  useEffect(() => {
    let chordUntil = 0;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      } else if (e.key === 'g') {
        chordUntil = Date.now() + CHORD_MS;
      } else if (Date.now() < chordUntil && GO_TO[e.key] !== undefined) {
        e.preventDefault();
        chordUntil = 0;
        navigateRef.current(GO_TO[e.key]!);
      } else chordUntil = 0;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return { helpOpen, closeHelp: () => setHelpOpen(false) };
}
