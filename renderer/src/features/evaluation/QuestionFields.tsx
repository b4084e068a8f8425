import type { PaperSummary } from '../../../../electron/contract/ops/library.js';
import type { ItemFields } from './itemForm.js';

/** The id of the datalist of library titles that every gold-paper field offers (rendered once by the set editor). */
export const PAPER_TITLES_ID = 'eval-paper-titles';

/** The labelled inputs of one question; a gold paper given by id shows the title it names. */
export function QuestionFields({
  fields,
  onChange,
  papers,
}: {
  fields: ItemFields;
  onChange: (f: ItemFields) => void;
  papers: readonly PaperSummary[];
}) {
  const set = <K extends keyof ItemFields>(key: K, value: ItemFields[K]): void => onChange({ ...fields, [key]: value });
  const namedPaper = papers.find((p) => p.paperId === fields.paper.trim());
  return (
    <div className="eval-fields">
      <label className="eval-field-wide">
        Question
        <textarea rows={2} value={fields.question} onChange={(e) => set('question', e.target.value)} />
      </label>
      <label className="eval-field-wide">
        Expected answer
        <textarea rows={2} value={fields.expected} onChange={(e) => set('expected', e.target.value)} />
      </label>
      <div className="eval-field-stack">
        <label>
          Gold paper
          <input
            list={PAPER_TITLES_ID}
            value={fields.paper}
            placeholder="title, DOI or id"
            onChange={(e) => set('paper', e.target.value)}
          />
        </label>
        {namedPaper !== undefined && <span className="muted eval-paper-title">{namedPaper.title}</span>}
      </div>
      <label>
        Gold page
        <input
          className="eval-page"
          inputMode="numeric"
          value={fields.page}
          onChange={(e) => set('page', e.target.value)}
        />
      </label>
      <label className="eval-check">
        <input type="checkbox" checked={fields.unanswerable} onChange={(e) => set('unanswerable', e.target.checked)} />{' '}
        Unanswerable from the library
      </label>
    </div>
  );
}
