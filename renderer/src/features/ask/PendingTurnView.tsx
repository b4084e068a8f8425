import { AnswerText } from '../../components/answer/AnswerText.js';
import { EvidenceView } from './EvidenceView.js';
import type { PendingTurn } from './useConversation.js';

/**
 * The turn being answered: the evidence as soon as retrieval has it, the text as it streams (chips pending until
 * verified), or why it failed.
 */
export function PendingTurnView({ turn, onDismiss }: { turn: PendingTurn; onDismiss: () => void }) {
  return (
    <article
      className="turn pending"
      aria-label={`Question: ${turn.question}`}
      aria-busy={turn.error === null}
      data-testid="pending-turn"
    >
      <p className="question">{turn.question}</p>
      {turn.text !== '' && (
        <AnswerText text={turn.text} citations={[]} passages={turn.evidence?.passages ?? []} final={false} />
      )}
      {turn.evidence !== null && turn.error === null && <EvidenceView evidence={turn.evidence} />}
      {turn.error === null ? (
        <p className="turn-meta" data-testid="answering">
          {turn.stopping
            ? 'Stopping…'
            : turn.text !== ''
              ? 'Answering… (Esc stops)'
              : turn.evidence !== null
                ? 'The model is reading the evidence… (Esc stops)'
                : 'Searching your library…'}
        </p>
      ) : (
        <div role="alert" className="turn-error">
          <p>The question could not be answered: {turn.error}</p>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </article>
  );
}
