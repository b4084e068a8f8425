import { useEffect, useRef } from 'react';
import { isTyping } from '../../lib/keys.js';
import { statusLabel } from './paperTable.js';
import type { Collection } from '../../../../electron/contract/ops/library.js';

interface Props {
  search: string;
  onSearch: (search: string) => void;
  collectionId: string;
  onCollection: (collectionId: string) => void;
  /** Deletes the chosen collection (its papers stay in the library). */
  onDeleteCollection: (collectionId: string) => void;
  collections: readonly Collection[];
  status: string;
  onStatus: (status: string) => void;
  statuses: readonly string[];
  shown: number;
  total: number;
}

export function LibraryFilters(p: Props) {
  const searchBox = useRef<HTMLInputElement>(null);
  // `/` focuses the search, as it focuses the question in Ask.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      searchBox.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="library-filters" role="search" aria-label="Filter papers">
      <input
        ref={searchBox}
        type="search"
        aria-keyshortcuts="/"
        aria-label="Search titles, authors and years"
        placeholder="Search titles, authors, years"
        value={p.search}
        onChange={(e) => p.onSearch(e.target.value)}
      />
      <label>
        Collection{' '}
        <select value={p.collectionId} onChange={(e) => p.onCollection(e.target.value)}>
          <option value="">All papers</option>
          {p.collections.map((c) => (
            <option key={c.collectionId} value={c.collectionId}>
              {c.name} ({c.paperCount})
            </option>
          ))}
        </select>
      </label>
      {p.collectionId !== '' && (
        <button type="button" onClick={() => p.onDeleteCollection(p.collectionId)}>
          Delete collection
        </button>
      )}
      <label>
        Status{' '}
        <select value={p.status} onChange={(e) => p.onStatus(e.target.value)}>
          <option value="">Any</option>
          {p.statuses.map((s) => (
            <option key={s} value={s}>
              {statusLabel({ status: s })}
            </option>
          ))}
        </select>
      </label>
      <span className="muted" role="status" data-testid="paper-count">
        {p.shown === p.total ? `${p.total} ${p.total === 1 ? 'paper' : 'papers'}` : `${p.shown} of ${p.total} papers`}
      </span>
    </div>
  );
}
