import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { flaggedSentenceCount } from './answerSegments.js';
import './answer.css';

function describeMode(answer: Answer): string {
  if (answer.mode === 'extractive')
    return 'Extractive answer: the best-supported sentences from your papers, quoted as they are.';
  if (answer.mode === 'abstained') return 'Scholium found no passages that answer this, so it did not guess.';
  const adapters = answer.adapters.map((a) => `${a.name} ×${a.scale}`).join(', ');
  return `Written by ${answer.model?.name ?? 'the chat model'}${adapters === '' ? '' : ` with ${adapters}`}.`;
}

function stopNote(stopReason: string): string {
  if (['abort', 'aborted', 'stopped', 'cancelled'].includes(stopReason))
    return ' Stopped before the end; the text so far is kept.';
  if (stopReason === 'maxTokens') return ' Cut at the length limit.';
  if (stopReason === 'cutOff') return ' Cut off: the model server’s connection dropped; the text so far is kept.';
  return '';
}

/**
 * Under an answer: its unsupported and attributed sentences counted, the core's notes, and how it was made (model, adapters, stop,
 * time).
 */
export function AnswerFacts({ answer }: { answer: Answer }) {
  const flagged = flaggedSentenceCount(answer.citations);
  const attributed = answer.citations.filter((c) => c.status === 'attributed').length;
  return (
    <>
      {flagged > 0 && (
        <p className="flag-note" role="note">
          <span aria-hidden="true">⚠ </span>
          {flagged === 1 ? 'One sentence is' : `${flagged} sentences are`} not supported by the passage it cites (marked
          above). Check them before relying on them.
        </p>
      )}
      {attributed > 0 && (
        <p className="turn-note muted" data-testid="attributed-note">
          {attributed === 1 ? 'One sentence cites' : `${attributed} sentences cite`} no passage; the dashed chip after{' '}
          {attributed === 1 ? 'it' : 'each'} points to the passage that best supports it.
        </p>
      )}
      {answer.notes.map((note) => (
        <p key={note} className="turn-note muted">
          {note}
        </p>
      ))}
      <p className="turn-meta">
        {describeMode(answer)}
        {stopNote(answer.stopReason)} {(answer.timings.totalMs / 1000).toFixed(1)} s.
      </p>
    </>
  );
}
