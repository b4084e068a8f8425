import type { DatasetExport } from '../../../../electron/contract/ops/evaluation.js';

type Stats = NonNullable<NonNullable<DatasetExport['tokens']>['train']>;

/**
 * Tokens per example in each file under the base model (its tokenizer and chat template), and how many would be cut at
 * its context size.
 */
export function TokenStatsTable({ tokens }: { tokens: NonNullable<DatasetExport['tokens']> }) {
  const rows = [
    ['Train', tokens.train],
    ['Validation', tokens.validation],
  ] as const;
  const model = tokens.train ?? tokens.validation;
  if (model === null) return null;
  return (
    <table className="eval-table training-tokens">
      <caption>
        Tokens per example under {model.modelName} (context {model.contextSize.toLocaleString()} tokens)
      </caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Min</th>
          <th scope="col">Mean</th>
          <th scope="col">p50</th>
          <th scope="col">p95</th>
          <th scope="col">Max</th>
          <th scope="col">Over context</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, s]: readonly [string, Stats | null]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            {s === null ? (
              <td colSpan={6} className="muted">
                no examples
              </td>
            ) : (
              <>
                <td>{s.min}</td>
                <td>{s.mean.toFixed(1)}</td>
                <td>{s.p50}</td>
                <td>{s.p95}</td>
                <td>{s.max}</td>
                <td>{s.overContext}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
