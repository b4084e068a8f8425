import { Link } from 'react-router-dom';
import type { Evidence } from '../../data/streamAnswer.js';
import { FROM_ANSWER, readerPath } from '../../lib/readerLink.js';

/**
 * What retrieval found, on screen while the model reads it: the sentences that best answer the question (the
 * extractive answer), and each passage with its sentences that bear on the question.
 */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  return (
    <section className="evidence" aria-label="Evidence">
      {evidence.extractive !== '' && (
        <>
          <p className="evidence-lead muted">From your papers, while the model reads them:</p>
          <p className="evidence-extractive">{evidence.extractive}</p>
        </>
      )}
      <details>
        <summary>Passages found ({evidence.passages.length})</summary>
        <ol>
          {evidence.passages.map((p) => (
            <li key={p.passageId} value={p.n}>
              <Link to={readerPath(p.paperId, p.page, p.boxes)} state={FROM_ANSWER}>
                {p.title}
              </Link>
              {p.page !== null && `, page ${p.page}`}
              <ul>
                {evidence.sentences
                  .filter((s) => s.n === p.n)
                  .map((s) => (
                    <li key={s.text}>{s.text}</li>
                  ))}
              </ul>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
