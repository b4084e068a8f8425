import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { filesOfDrop } from './droppedFiles.js';

/** Navigation state of the Library opened by a drop elsewhere: the files to import. */
export interface DroppedState {
  dropped: File[];
}

export function droppedOf(state: unknown): File[] | null {
  const dropped = typeof state === 'object' && state !== null ? (state as Partial<DroppedState>).dropped : undefined;
  return Array.isArray(dropped) ? dropped : null;
}

/**
 * Files dropped anywhere outside the Library's drop zone (on Ask, the Reader,
 * the sidebar…) go to the Library and are imported there; left alone, the
 * browser would open the file in place of the app.
 */
export function useDropAnywhere(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const carriesFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') === true;
    const over = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent): void => {
      // The Library's own drop zone has taken it already.
      if (!carriesFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      void filesOfDrop(e.dataTransfer!).then((dropped) =>
        navigate('/library', { state: { dropped } satisfies DroppedState }),
      );
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [navigate]);
}
