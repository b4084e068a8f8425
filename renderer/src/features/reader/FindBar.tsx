import type { KeyboardEvent, RefObject } from 'react';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery: (query: string) => void;
  count: number;
  /** 0-based index of the current match, or null when there is none. */
  index: number | null;
  searching: boolean;
  onStep: (delta: 1 | -1) => void;
}

export function FindBar({ inputRef, query, onQuery, count, index, searching, onStep }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onStep(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && query !== '') {
      e.stopPropagation();
      onQuery('');
    }
  };
  // "n of N" only once a match is current; before that, how many there are (none is shown as current yet).
  const found = index === null ? `${count} ${count === 1 ? 'match' : 'matches'}` : `${index + 1} of ${count}`;
  const status = query.trim() === '' ? '' : searching ? 'Searching…' : count === 0 ? 'No matches' : found;
  return (
    <div role="search" aria-label="Find in paper" className="find-bar">
      <input
        ref={inputRef}
        type="search"
        aria-keyshortcuts="/ Control+F"
        aria-label="Find in paper"
        placeholder="Find in paper"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" onClick={() => onStep(-1)} disabled={count === 0} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => onStep(1)} disabled={count === 0} aria-label="Next match">
        ↓
      </button>
      <span role="status" aria-live="polite" className="find-status" data-testid="find-status">
        {status}
      </span>
    </div>
  );
}
