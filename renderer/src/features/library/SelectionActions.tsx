import { useState } from 'react';
import { useApi } from '../../api/context.js';
import type { Collection } from '../../../../electron/contract/ops/library.js';

interface Props {
  selected: readonly string[];
  collections: readonly Collection[];
  /** The collection the table is showing, if any: its papers can be taken out of it. */
  current: Collection | null;
  onDone: () => void;
}

/** What to do with the ticked papers: put them in a collection (new or existing). */
export function SelectionActions({ selected, collections, current, onDone }: Props) {
  const api = useApi();
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (selected.length === 0) return null;

  const add = async (): Promise<void> => {
    let collectionId = target;
    if (collectionId === '') {
      if (name.trim() === '') return setMessage('Name the new collection first.');
      const created = await api.invoke('library.createCollection', { name: name.trim() });
      if (!created.ok) return setMessage(created.error.message);
      collectionId = created.value.collectionId;
    }
    const r = await api.invoke('library.addToCollection', { collectionId, paperIds: [...selected] });
    setMessage(
      r.ok
        ? `Added ${selected.length} ${selected.length === 1 ? 'paper' : 'papers'} to “${r.value.name}”.`
        : r.error.message,
    );
    if (r.ok) onDone();
  };

  const takeOut = async (collection: Collection): Promise<void> => {
    const r = await api.invoke('library.removeFromCollection', {
      collectionId: collection.collectionId,
      paperIds: [...selected],
    });
    setMessage(
      r.ok
        ? `Took ${selected.length} ${selected.length === 1 ? 'paper' : 'papers'} out of “${collection.name}”.`
        : r.error.message,
    );
    if (r.ok) onDone();
  };

  return (
    <div className="selection-actions" role="group" aria-label="Selected papers">
      <span>{selected.length} selected</span>
      <label>
        Add to{' '}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">a new collection</option>
          {collections.map((c) => (
            <option key={c.collectionId} value={c.collectionId}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {target === '' && (
        <input
          type="text"
          aria-label="New collection name"
          placeholder="Collection name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      )}
      <button type="button" onClick={() => void add()}>
        Add
      </button>
      {current !== null && (
        <button type="button" onClick={() => void takeOut(current)}>
          Take out of “{current.name}”
        </button>
      )}
      {message !== null && <span role="status">{message}</span>}
    </div>
  );
}
