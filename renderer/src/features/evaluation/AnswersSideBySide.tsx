import type { RunDetail } from '../../../../electron/contract/ops/evaluation.js';
import { ScrollBox } from '../../components/ScrollBox.js';
import { formatDuration } from '../../lib/formatDuration.js';
// Citation statuses are marked with the answer's chips, so they read the same as in Ask.
import '../../components/answer/answer.css';

/** Each question with every configuration's answer next to the others, its figures and its citations' statuses. */
export function AnswersSideBySide({ run }: { run: RunDetail }) {
  return (
    <ol className="eval-questions">
      {run.items.map((item) => (
        <li key={item.itemId} aria-label={`Question ${item.ordinal}`}>
          <p className="eval-question">
            <strong>{item.question}</strong>{' '}
            <span className="muted">
              {item.unanswerable ? '(unanswerable from the library)' : `expected: ${item.expected}`}
            </span>
          </p>
          <div className="eval-answers">
            {run.configurations.map((c) => {
              const r = run.results.find((x) => x.itemId === item.itemId && x.configuration === c.index);
              return (
                <article key={c.index} className="eval-answer" aria-label={c.label}>
                  <h4>{c.label}</h4>
                  {r === undefined ? (
                    <p className="muted">Not run yet.</p>
                  ) : r.error !== null ? (
                    <p role="alert">{r.error}</p>
                  ) : (
                    <>
                      <ScrollBox label={`Answer of ${c.label}`} className="eval-answer-text">
                        {r.answer}
                      </ScrollBox>
                      <p className="eval-scores">
                        {r.exactMatch !== null && <span>EM {r.exactMatch}</span>}
                        {r.f1 !== null && <span>F1 {r.f1.toFixed(2)}</span>}
                        {r.judge !== null && <span>judge {r.judge === 1 ? 'correct' : 'wrong'}</span>}
                        {r.recall !== null && <span>{r.recall === 1 ? 'gold retrieved' : 'gold missed'}</span>}
                        {r.abstained && <span>abstained</span>}
                        <span>{formatDuration(r.latencyMs)}</span>
                      </p>
                      {r.citations.length > 0 && (
                        <ul className="eval-citations" aria-label="Citations">
                          {r.citations.map((cite, i) => (
                            <li key={i}>
                              <span className={`cite-chip status-${cite.status}`}>[{cite.n}]</span> {cite.status}
                              {cite.title !== null && (
                                <span className="muted">
                                  {' '}
                                  — {cite.title}
                                  {cite.page !== null && `, p. ${cite.page}`}
                                </span>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </>
                  )}
                </article>
              );
            })}
          </div>
        </li>
      ))}
    </ol>
  );
}
