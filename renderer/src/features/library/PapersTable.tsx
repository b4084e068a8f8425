import { Link } from 'react-router-dom';
import {
  formatAuthors,
  nextSort,
  placementLabel,
  statusLabel,
  type PaperRow,
  type Sort,
  type SortKey,
} from './paperTable.js';

/**
 * `short`: a value that reads as one unit (a year, a count, a date) and never wraps; `num` aligns right, header too.
 */
const COLUMNS: { key: SortKey; label: string; className?: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'authors', label: 'Authors' },
  { key: 'year', label: 'Year', className: 'short' },
  { key: 'pages', label: 'Pages', className: 'short num' },
  { key: 'status', label: 'Status', className: 'short' },
  { key: 'addedAt', label: 'Added', className: 'short' },
];

interface Props {
  rows: readonly PaperRow[];
  sort: Sort;
  onSort: (sort: Sort) => void;
  selected: ReadonlySet<string>;
  /** Ticks or clears these papers together (the header box: every row shown). */
  onSelect: (paperIds: readonly string[], on: boolean) => void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateFormat.format(date);
}

/** The papers, sortable by any column (headers are buttons; the sorted one says so with aria-sort). */
export function PapersTable({ rows, sort, onSort, selected, onSelect }: Props) {
  const allTicked = rows.length > 0 && rows.every((r) => selected.has(r.paperId));
  return (
    <table className="papers" aria-label="Papers">
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label="Select all papers shown"
              checked={allTicked}
              ref={(box) => {
                if (box !== null) box.indeterminate = !allTicked && rows.some((r) => selected.has(r.paperId));
              }}
              onChange={(e) =>
                onSelect(
                  rows.map((r) => r.paperId),
                  e.target.checked,
                )
              }
            />
          </th>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={c.className}
              aria-sort={sort.key === c.key ? sort.direction : undefined}
            >
              <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, c.key))}>
                {c.label}
                <span aria-hidden="true">
                  {sort.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.paperId} data-testid="paper-row">
            <td>
              <input
                type="checkbox"
                aria-label={`Select “${r.title}”`}
                checked={selected.has(r.paperId)}
                onChange={(e) => onSelect([r.paperId], e.target.checked)}
              />
            </td>
            <td>
              <Link to={`/library/${encodeURIComponent(r.paperId)}`}>{r.title}</Link>
              {placementLabel(r) !== '' && (
                <span className="venue muted" data-testid="paper-venue">
                  {placementLabel(r)}
                </span>
              )}
            </td>
            <td>{formatAuthors(r.authors)}</td>
            <td className="short">{r.year ?? '—'}</td>
            {/* Text documents have no pages. */}
            <td className="short num">{r.pages > 0 ? r.pages : '—'}</td>
            <td className="short">{statusLabel(r)}</td>
            <td className="short">{formatDate(r.addedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
