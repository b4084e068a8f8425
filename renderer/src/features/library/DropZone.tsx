import { useState, type DragEvent, type ReactNode } from 'react';
import { filesOfDrop } from './droppedFiles.js';

/** A region that takes dropped files and folders; the drag state is shown, the files are handed over as they are. */
export function DropZone({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const accept = (e: DragEvent): void => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      data-testid="drop-zone"
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void filesOfDrop(e.dataTransfer).then(onFiles);
      }}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop papers to import them
        </div>
      )}
    </div>
  );
}
