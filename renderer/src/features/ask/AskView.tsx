import { EmptyState } from '../../app/EmptyState.js';

export function AskView() {
  return (
    <>
      <h1>Ask</h1>
      <EmptyState title="Ask your library">
        <p>Once papers are imported, ask a question here. Every claim in the answer cites the passage and page it came from.</p>
        <p>Without a chat model, Scholium answers with the best sentences from your papers, each cited. Add a model under Models for written answers.</p>
      </EmptyState>
    </>
  );
}
