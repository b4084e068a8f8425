import { EmptyState } from '../../app/EmptyState.js';

export function LibraryView() {
  return (
    <>
      <h1>Library</h1>
      <EmptyState title="No papers yet">
        <p>Import PDF papers to build your library. Scholium reads them on this computer and keeps every passage with its page.</p>
        <p>
          From a terminal: <code>npx scholium import ~/Papers</code>
        </p>
      </EmptyState>
    </>
  );
}
