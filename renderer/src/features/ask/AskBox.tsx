import { useState, type RefObject } from 'react';

interface Props {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  busy: boolean;
  stopping: boolean;
  onAsk: (question: string) => void;
  onStop: () => void;
}

/** The question box: Enter asks, Shift+Enter starts a new line, Esc stops an answer in progress. */
export function AskBox({ inputRef, busy, stopping, onAsk, onStop }: Props) {
  const [text, setText] = useState('');
  const submit = (): void => {
    const question = text.trim();
    if (question === '' || busy) return;
    onAsk(question);
    setText('');
  };
  return (
    <form
      className="ask-box"
      aria-label="Ask a question"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        aria-label="Question"
        aria-keyshortcuts="/"
        placeholder="Ask your library… (press / to focus, Enter to ask, Shift+Enter for a new line)"
        rows={2}
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {busy ? (
        <button type="button" onClick={onStop} disabled={stopping} aria-keyshortcuts="Escape">
          {stopping ? 'Stopping…' : 'Stop'}
        </button>
      ) : (
        <button type="submit" className="primary" disabled={text.trim() === ''}>
          Ask
        </button>
      )}
    </form>
  );
}
