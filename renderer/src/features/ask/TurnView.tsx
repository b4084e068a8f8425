import { Link } from 'react-router-dom';
import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { readerPath } from '../reader/highlights.js';
import { AnswerText } from './AnswerText.js';
import { MarkGood } from './MarkGood.js';

function describeMode(answer: Answer): string {
  if (answer.mode === 'extractive') return 'Extractive answer: the best-supported sentences from your papers, quoted as they are.';
  if (answer.mode === 'abstained') return 'Scholium found no passages that answer this, so it did not guess.';
  const adapters = answer.adapters.map((a) => `${a.name} ×${a.scale}`).join(', ');
  return `Written by ${answer.model?.name ?? 'the chat model'}${adapters === '' ? '' : ` with ${adapters}`}.`;
}

function stopNote(stopReason: string): string {
  if (['abort', 'aborted', 'stopped', 'cancelled'].includes(stopReason)) return ' Stopped before the end; the text so far is kept.';
  if (stopReason === 'maxTokens') return ' Cut at the length limit.';
  return '';
}

function unsupportedCount(answer: Answer): number {
  const sentences = new Map<number, boolean>();
  for (const c of answer.citations) {
    const backed = c.status === 'verified' || c.status === 'supported';
    sentences.set(c.sentenceStart, (sentences.get(c.sentenceStart) ?? false) || backed);
  }
  return [...sentences.values()].filter((backed) => !backed).length;
}

/** One question and its verified answer, with the numbered passages it drew on; `onMarkGood` returns an error message or null. */
export function TurnView({ answer, onMarkGood }: { answer: Answer; onMarkGood: (good: boolean) => Promise<string | null> }) {
  const flagged = unsupportedCount(answer);
  return (
    <article className="turn" aria-label={`Question: ${answer.question}`} data-testid="turn">
      <p className="question">{answer.question}</p>
      <AnswerText text={answer.answer} citations={answer.citations} passages={answer.passages} final />
      {flagged > 0 && (
        <p className="flag-note" role="note">
          <span aria-hidden="true">⚠ </span>
          {flagged === 1 ? 'One sentence is' : `${flagged} sentences are`} not supported by the passage it cites (marked above). Check them before relying on them.
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
      <MarkGood answer={answer} onMark={onMarkGood} />
      {answer.passages.length > 0 && (
        <details className="sources">
          <summary>Sources ({answer.passages.length} passages)</summary>
          <ol>
            {answer.passages.map((p) => (
              <li key={p.passageId} value={p.n}>
                <Link to={readerPath(p.paperId, p.page, p.boxes)}>{p.title}</Link>
                {p.page !== null && `, page ${p.page}`}
                {p.section !== '' && <span className="muted"> · {p.section}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </article>
  );
}
