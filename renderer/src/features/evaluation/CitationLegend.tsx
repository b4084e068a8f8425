import type { CitationStatus } from '../../../../electron/contract/ops/ask.js';
import { STATUS_LABEL, STATUS_MARK } from '../../components/answer/answerSegments.js';

const ORDER: readonly CitationStatus[] = ['verified', 'supported', 'attributed', 'unsupported', 'invalid'];

/** What each citation chip says, with the chip itself: the same marks and words as in Ask. */
export function CitationLegend() {
  return (
    <dl className="citation-legend" aria-label="Citation checks">
      {ORDER.map((status) => (
        <div key={status}>
          <dt>
            <span className={`cite-chip status-${status}${status === 'attributed' ? ' attributed' : ''}`}>
              {STATUS_MARK[status]}
            </span>
          </dt>
          <dd>{STATUS_LABEL[status]}</dd>
        </div>
      ))}
    </dl>
  );
}
