import { EmptyState } from '../../app/EmptyState.js';

export function ReaderView() {
  return (
    <>
      <h1>Reader</h1>
      <EmptyState title="No paper open">
        <p>Open a paper from the Library, or click a citation in an answer to read the cited passage, highlighted on its page.</p>
      </EmptyState>
    </>
  );
}
