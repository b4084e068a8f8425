import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText.js';
import { useSubmission } from '../../lib/useSubmission.js';

interface Props {
  label: string;
  placeholder: string;
  button: string;
  /** `copy`: keep a copy in the library's folder rather than using the file where it is. */
  onAdd: (path: string, copy: boolean) => Promise<string | null>;
}

/** A path on this computer to register (a GGUF file, a PEFT folder…); shows why it was refused, if it was. */
export function AddByPath({ label, placeholder, button, onAdd }: Props) {
  const [path, setPath] = useState('');
  const [copy, setCopy] = useState(false);
  const { busy, error, submit } = useSubmission();
  return (
    <form
      className="add-by-path"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim() === '') return;
        submit(
          () => onAdd(path.trim(), copy),
          () => setPath(''),
        );
      }}
    >
      <input
        type="text"
        aria-label={label}
        placeholder={placeholder}
        value={path}
        onChange={(e) => setPath(e.target.value)}
      />
      <label className="copy-toggle">
        <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} /> Copy into the library
      </label>
      <button type="submit" disabled={busy || path.trim() === ''}>
        {busy ? 'Checking…' : button}
      </button>
      <ErrorText error={error} />
    </form>
  );
}
