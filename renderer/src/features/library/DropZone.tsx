import { useState, type DragEvent, type ReactNode } from 'react';
import { droppedFiles, type DropEntry } from './droppedFiles.js';

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
        // Entries must be taken while the event lasts; a folder among them is walked afterwards.
        const files = [...e.dataTransfer.files];
        const entries = [...e.dataTransfer.items].map((item) => item.webkitGetAsEntry() as DropEntry | null);
        if (entries.some((entry) => entry?.isDirectory === true)) {
          void droppedFiles(entries.filter((entry): entry is DropEntry => entry !== null)).then(onFiles, () => onFiles(files));
        } else onFiles(files);
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
