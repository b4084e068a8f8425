import { useNavigate, useParams } from 'react-router-dom';
import { CreateSet } from './CreateSet.js';
import { SetEditor } from './SetEditor.js';
import { SetList } from './SetList.js';
import { useEvaluationIndex } from './useEvaluation.js';

/** Validation sets: the list, a new one, and the open one (its id in the address, so it survives a reload). */
export function SetsPage() {
  const { setId } = useParams();
  const navigate = useNavigate();
  const { sets, error, refresh } = useEvaluationIndex();
  const open = (id: string | null): void =>
    void navigate(id === null ? '/evaluation/sets' : `/evaluation/sets/${encodeURIComponent(id)}`);
  return (
    <>
      {error !== null && <p role="alert">{error}</p>}
      <section aria-labelledby="sets-heading">
        <h2 id="sets-heading">Validation sets</h2>
        {sets.length === 0 ? (
          <p className="muted">
            A validation set is a list of questions about your papers with the answer you expect, and where it is found.
            Create one here, then add questions by hand, import them from a JSONL or CSV file, or have a local chat
            model draft them from your papers for you to review.
          </p>
        ) : (
          <SetList sets={sets} openSetId={setId ?? null} onOpen={open} />
        )}
        <CreateSet
          onCreated={(set) => {
            refresh();
            open(set.setId);
          }}
        />
      </section>
      {setId !== undefined && (
        <SetEditor
          key={setId}
          setId={setId}
          onChange={refresh}
          onClose={() => {
            refresh();
            open(null);
          }}
        />
      )}
    </>
  );
}
