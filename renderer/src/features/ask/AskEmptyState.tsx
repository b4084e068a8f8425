import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState.js';

/** The first thing to do next: import papers if there are none; otherwise how to ask, and what a chat model adds. */
export function AskEmptyState({ papers, chatModels }: { papers: number | null; chatModels: number | null }) {
  if (papers === 0)
    return (
      <EmptyState title="No papers to ask yet">
        <p>
          Answers come from your papers, so import some first: <Link to="/library">go to the Library</Link> and drop
          PDFs there.
        </p>
      </EmptyState>
    );
  return (
    <EmptyState title="Ask your library">
      <p>
        Ask a question about your papers. Each sentence of the answer cites the passage and page it came from, checked
        against it, and a sentence no passage backs is marked; hover a [n] to read it, click to open the page.
      </p>
      {chatModels === 0 ? (
        <p>
          No chat model yet, so Scholium answers with the best sentences from your papers, each cited.{' '}
          <Link to="/models">Add a chat model</Link> for written answers.
        </p>
      ) : (
        <p>
          Without a chat model, Scholium answers with the best sentences from your papers, each cited. Choose “No model”
          above to get such an answer.
        </p>
      )}
      <p className="muted">
        Keys: / to type a question, Enter to ask, Esc to stop, ] and [ to move between citations, o to open one, ? for
        every shortcut.
      </p>
    </EmptyState>
  );
}
