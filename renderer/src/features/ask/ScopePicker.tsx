import type { Scope } from '../../../../electron/contract/ops/ask.js';
import type { Collection, PaperSummary } from '../../../../electron/contract/ops/library.js';

interface Props {
  value: Scope;
  onChange: (scope: Scope) => void;
  papers: readonly PaperSummary[];
  collections: readonly Collection[];
}

type Kind = 'library' | 'collection' | 'papers';

/** Where answers may come from: the whole library, one collection, or chosen papers. */
export function ScopePicker({ value, onChange, papers, collections }: Props) {
  const kind: Kind =
    value.collectionId !== undefined ? 'collection' : value.paperIds !== undefined ? 'papers' : 'library';
  const choose = (next: Kind): void => {
    if (next === 'library') onChange({});
    else if (next === 'collection') onChange({ collectionId: collections[0]?.collectionId ?? '' });
    else onChange({ paperIds: [] });
  };
  const chosen = new Set(value.paperIds ?? []);
  return (
    <div className="scope-picker">
      <label>
        Search in{' '}
        <select value={kind} onChange={(e) => choose(e.target.value as Kind)}>
          <option value="library">the whole library</option>
          <option value="collection" disabled={collections.length === 0}>
            a collection
          </option>
          <option value="papers" disabled={papers.length === 0}>
            chosen papers
          </option>
        </select>
      </label>
      {kind === 'collection' && (
        <select
          aria-label="Collection to search"
          value={value.collectionId}
          onChange={(e) => onChange({ collectionId: e.target.value })}
        >
          {collections.map((c) => (
            <option key={c.collectionId} value={c.collectionId}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      {kind === 'papers' && (
        <details className="paper-chooser">
          <summary>{chosen.size === 0 ? 'Choose papers' : `${chosen.size} chosen`}</summary>
          <ul>
            {papers.map((p) => (
              <li key={p.paperId}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(p.paperId)}
                    onChange={(e) =>
                      onChange({
                        paperIds: e.target.checked
                          ? [...chosen, p.paperId]
                          : [...chosen].filter((id) => id !== p.paperId),
                      })
                    }
                  />{' '}
                  {p.title}
                </label>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
