import { useId, useState } from 'react';
import type { Answer } from '../../../../electron/contract/ops/ask.js';

/**
 * Toggles whether an answer is a good training example (exported from the
 * Evaluation view). An abstention is the gate's fixed reply, not an answer to
 * learn from, so the core refuses it and the button says why it is off.
 */
export function MarkGood({ answer, onMark }: { answer: Answer; onMark: (good: boolean) => Promise<string | null> }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const abstained = answer.mode === 'abstained';
  const toggle = async (): Promise<void> => {
    setSaving(true);
    setError(await onMark(!answer.markedGood));
    setSaving(false);
  };
  return (
    <div className="mark-good">
      <button
        type="button"
        aria-pressed={answer.markedGood}
        disabled={abstained || saving}
        aria-describedby={abstained ? reasonId : undefined}
        onClick={() => void toggle()}
      >
        <span aria-hidden="true">{answer.markedGood ? '★ ' : '☆ '}</span>
        Good training example
      </button>
      {abstained && (
        <span id={reasonId} className="muted">
          An abstention has no answer to train on.
        </span>
      )}
      {error !== null && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </div>
  );
}
