import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import type { PaperSummary } from '../../../../electron/contract/ops/library.js';
import { AddQuestion } from './AddQuestion.js';
import { DraftQuestions } from './DraftQuestions.js';
import { DraftReview } from './DraftReview.js';
import { PAPER_TITLES_ID } from './QuestionFields.js';
import { QuestionList } from './QuestionList.js';
import { SetDetails } from './SetDetails.js';
import { SetImportExport } from './SetImportExport.js';
import { useEvalSet } from './useEvalSet.js';

/** The library's titles, offered in every gold-paper field. */
function usePaperTitles(): PaperSummary[] {
  const api = useApi();
  const [papers, setPapers] = useState<PaperSummary[]>([]);
  useEffect(() => {
    let live = true;
    void api.invoke('library.papers', {}).then((r) => {
      if (live && r.ok) setPapers(r.value);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return papers;
}

/**
 * One validation set opened: its details, its questions edited in place, new ones added, imported, drafted and
 * reviewed.
 */
export function SetEditor({ setId, onChange, onClose }: { setId: string; onChange: () => void; onClose: () => void }) {
  const { set, items, error, reload } = useEvalSet(setId);
  const papers = usePaperTitles();
  const changed = (): void => {
    reload();
    onChange();
  };
  if (set === null) {
    if (error === null) return null;
    return (
      <section className="eval-set" aria-label="Validation set">
        <p role="alert">{error}</p>
        <button type="button" onClick={onClose}>
          Close set
        </button>
      </section>
    );
  }
  return (
    <section className="eval-set" aria-labelledby="set-heading">
      <div className="eval-set-head">
        <h2 id="set-heading">{set.name}</h2>
        <button type="button" onClick={onClose}>
          Close set
        </button>
      </div>
      <SetDetails key={`${set.name}\n${set.description}`} set={set} onChange={changed} onDeleted={onClose} />
      <datalist id={PAPER_TITLES_ID}>
        {papers.map((p) => (
          <option key={p.paperId} value={p.title} />
        ))}
      </datalist>
      <h3>Questions ({items.length})</h3>
      <QuestionList set={set} items={items} papers={papers} onChange={changed} />
      <AddQuestion setId={set.setId} papers={papers} onAdded={changed} />
      <SetImportExport set={set} onImported={changed} />
      <DraftQuestions set={set} />
      <h3>Drafts to review ({set.drafts})</h3>
      {/* The review loads its own drafts: a new count (a drafting job ended, a file came in as drafts) reloads it. */}
      <DraftReview key={set.drafts} setId={set.setId} onChange={changed} />
    </section>
  );
}
