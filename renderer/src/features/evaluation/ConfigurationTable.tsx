import type { CitationStatus } from '../../../../electron/contract/ops/ask.js';
import type { ConfigurationSummary } from '../../../../electron/contract/ops/evaluation.js';
import { formatDuration } from '../../lib/formatDuration.js';

const CITATION_ORDER: readonly CitationStatus[] = ['verified', 'supported', 'attributed', 'unsupported', 'invalid'];

const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)}%`);
const two = (v: number | null): string => (v === null ? '–' : v.toFixed(2));

/** The figures of each configuration of a run, one row each. */
export function ConfigurationTable({ configurations, k }: { configurations: ConfigurationSummary[]; k: number }) {
  const judged = configurations.some((c) => c.judge !== null);
  return (
    <table className="eval-table">
      <caption className="visually-hidden">Figures per configuration</caption>
      <thead>
        <tr>
          <th scope="col">Configuration</th>
          <th scope="col">Exact match</th>
          <th scope="col">Token F1</th>
          {judged && <th scope="col">Judge</th>}
          <th scope="col">Recall@{k}</th>
          <th scope="col">Citations</th>
          <th scope="col">Abstained (unanswerable)</th>
          <th scope="col">Wrongly abstained</th>
          <th scope="col">Latency p50 / p95</th>
        </tr>
      </thead>
      <tbody>
        {configurations.map((c) => (
          <tr key={c.index}>
            <th scope="row">
              {c.label}
              {c.errors > 0 && <span className="eval-errors"> · {c.errors} failed</span>}
            </th>
            <td className="short">{two(c.exactMatch)}</td>
            <td className="short">{two(c.f1)}</td>
            {judged && (
              <td>
                {c.judge === null
                  ? '–'
                  : `${pct(c.judge.accuracy)}${c.judge.unclear > 0 ? ` (${c.judge.unclear} unclear)` : ''}`}
              </td>
            )}
            <td className="short">{two(c.recallAtK)}</td>
            <td>
              {CITATION_ORDER.map((status) => (
                <span key={status} className={`cite-chip status-${status}`} title={status}>
                  <span className="visually-hidden">{status}: </span>
                  {c.citations[status]}
                </span>
              ))}
            </td>
            <td className="short">
              {c.abstention.unanswerable === 0 ? '–' : `${pct(c.abstention.rate)} of ${c.abstention.unanswerable}`}
            </td>
            <td className="short">{pct(c.abstention.falseRate)}</td>
            <td className="short">
              {formatDuration(c.latencyMs.p50)} / {formatDuration(c.latencyMs.p95)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
