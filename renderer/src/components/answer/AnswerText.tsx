import type { AnswerPassage, Citation } from '../../../../electron/contract/ops/ask.js';
import { segmentAnswer } from './answerSegments.js';
import { CitationChip } from './CitationChip.js';
import './answer.css';

interface Props {
  text: string;
  citations: readonly Citation[];
  passages: readonly AnswerPassage[];
  /** False while streaming: chips are pending until the answer is verified. */
  final: boolean;
}

/** Answer text as React text (never HTML: it quotes papers), with chips for [n] and flagged unsupported sentences. */
export function AnswerText({ text, citations, passages, final }: Props) {
  const segments = segmentAnswer(text, citations, final);
  return (
    <div className="answer-text">
      {segments.map((s) => {
        if (s.kind === 'text')
          return s.flagged ? (
            <mark key={`t${s.start}`} className="unsupported-sentence" title="Not supported by the cited passage">
              {s.text}
            </mark>
          ) : (
            <span key={`t${s.start}`}>{s.text}</span>
          );
        const passage = passages.find((p) =>
          s.citation?.passageId != null ? p.passageId === s.citation.passageId : p.n === s.n,
        );
        return (
          <CitationChip
            key={`${s.attributed ? 'a' : 'c'}${s.start}:${s.n}`}
            n={s.n}
            status={s.status}
            citation={s.citation}
            passage={passage}
            attributed={s.attributed}
          />
        );
      })}
    </div>
  );
}
