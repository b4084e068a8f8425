import { Link } from 'react-router-dom';
import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { FROM_ANSWER, readerPath } from '../../lib/readerLink.js';
import { AnswerFacts } from '../../components/answer/AnswerFacts.js';
import { AnswerText } from '../../components/answer/AnswerText.js';
import { MarkGood } from './MarkGood.js';

/**
 * One question and its verified answer, with the numbered passages it drew on; `onMarkGood` returns an error message or
 * null.
 */
export function TurnView({
  answer,
  onMarkGood,
}: {
  answer: Answer;
  onMarkGood: (good: boolean) => Promise<string | null>;
}) {
  return (
    <article className="turn" aria-label={`Question: ${answer.question}`} data-testid="turn">
      <p className="question">{answer.question}</p>
      <AnswerText text={answer.answer} citations={answer.citations} passages={answer.passages} final />
      <AnswerFacts answer={answer} />
      <MarkGood answer={answer} onMark={onMarkGood} />
      {answer.passages.length > 0 && (
        <details className="sources">
          <summary>Sources ({answer.passages.length} passages)</summary>
          <ol>
            {answer.passages.map((p) => (
              <li key={p.passageId} value={p.n}>
                <Link to={readerPath(p.paperId, p.page, p.boxes)} state={FROM_ANSWER}>
                  {p.title}
                </Link>
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
