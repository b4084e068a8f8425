import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { ConversationSummarySchema } from '../../../../electron/contract/ops/ask.js';

export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

interface Props {
  conversations: readonly ConversationSummary[] | null;
  error: string | null;
  current: string | null;
  onDelete: (conversationId: string) => void;
}

export function ConversationList({ conversations, error, current, onDelete }: Props) {
  return (
    <nav className="conversations" aria-label="Conversations">
      <Link to="/ask" className="new-conversation">
        + New conversation
      </Link>
      {error !== null && <p className="error-text">{error}</p>}
      {conversations !== null && conversations.length === 0 && (
        <p className="muted">Your conversations will be listed here.</p>
      )}
      <ul>
        {conversations?.map((c) => (
          <li key={c.conversationId} className={c.conversationId === current ? 'current' : undefined}>
            <Link
              to={`/ask/${encodeURIComponent(c.conversationId)}`}
              title={c.title}
              aria-current={c.conversationId === current ? 'page' : undefined}
            >
              {c.title}
            </Link>
            <span className="muted">
              {c.turns} {c.turns === 1 ? 'question' : 'questions'}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Delete conversation “${c.title}”`}
              onClick={() =>
                window.confirm(`Delete the conversation “${c.title}” and its answers? This cannot be undone.`) &&
                onDelete(c.conversationId)
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
