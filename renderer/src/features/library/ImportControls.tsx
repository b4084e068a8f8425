import { useRef, useState } from 'react';
import { ACCEPTED_TYPES } from './importFiles.js';

interface Props {
  /** Files chosen in the browser (picker or folder); they travel to the library as bytes. */
  onFiles: (files: File[]) => void;
  /** A file or folder path on the computer Scholium runs on; `watch`: keep the folder in step from now on. */
  onPath: (path: string, watch: boolean) => void;
  busy: boolean;
}

/** Import by file picker, by folder, or by a path typed on this computer. */
export function ImportControls({ onFiles, onPath, busy }: Props) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const [watch, setWatch] = useState(false);
  const take = (input: HTMLInputElement | null): void => {
    if (input?.files == null) return;
    onFiles([...input.files]);
    input.value = '';
  };
  return (
    <div className="import-controls" role="group" aria-label="Import papers">
      <button type="button" className="primary" onClick={() => files.current?.click()} disabled={busy}>
        Import files…
      </button>
      <input
        ref={files}
        type="file"
        accept={ACCEPTED_TYPES}
        multiple
        hidden
        onChange={(e) => take(e.currentTarget)}
        data-testid="file-input"
      />
      <button type="button" onClick={() => folder.current?.click()} disabled={busy}>
        Import a folder…
      </button>
      <input
        ref={folder}
        type="file"
        multiple
        hidden
        onChange={(e) => take(e.currentTarget)}
        data-testid="folder-input"
        // Chromium's folder picker; React does not know the attribute.
        {...{ webkitdirectory: '' }}
      />
      <form
        className="path-import"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() === '') return;
          onPath(path.trim(), watch);
          setPath('');
        }}
      >
        <input
          type="text"
          aria-label="File or folder path on this computer"
          placeholder="or a path: ~/Papers"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <label className="watch-toggle">
          <input type="checkbox" checked={watch} onChange={(e) => setWatch(e.target.checked)} /> Keep watching
        </label>
        <button type="submit" disabled={busy || path.trim() === ''}>
          Import path
        </button>
      </form>
    </div>
  );
}
