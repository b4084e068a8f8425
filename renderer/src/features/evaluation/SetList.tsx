import type { EvalSetSummary } from '../../../../electron/contract/ops/evaluation.js';

/** The validation sets with their counts; a set's name opens it, and its drafts open it for review. */
export function SetList({
  sets,
  openSetId,
  onOpen,
}: {
  sets: readonly EvalSetSummary[];
  openSetId: string | null;
  onOpen: (setId: string) => void;
}) {
  return (
    <table className="eval-table">
      <thead>
        <tr>
          <th scope="col">Set</th>
          <th scope="col">Questions</th>
          <th scope="col">Drafts</th>
          <th scope="col">
            <span className="visually-hidden">Review</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sets.map((s) => (
          <tr key={s.setId} aria-current={s.setId === openSetId ? 'true' : undefined}>
            <th scope="row">
              <button type="button" className="eval-set-name" onClick={() => onOpen(s.setId)}>
                {s.name}
              </button>
              {s.description !== '' && <div className="muted eval-description">{s.description}</div>}
            </th>
            <td>{s.accepted}</td>
            <td>{s.drafts}</td>
            <td>
              {s.drafts > 0 && (
                <button type="button" onClick={() => onOpen(s.setId)}>
                  Review drafts of {s.name}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
