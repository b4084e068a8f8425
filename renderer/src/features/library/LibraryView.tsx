import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../../api/context.js';
import { EmptyState } from '../../components/EmptyState.js';
import { JobsPanel } from '../../components/JobsPanel.js';
import { useJobs } from '../../data/useJobs.js';
import { DropZone } from './DropZone.js';
import { ImportControls } from './ImportControls.js';
import { ImportReport } from './ImportReport.js';
import { LibraryFilters } from './LibraryFilters.js';
import { PaperDetailPanel } from './PaperDetailPanel.js';
import { PapersTable } from './PapersTable.js';
import { SelectionActions } from './SelectionActions.js';
import { WatchedFolders } from './WatchedFolders.js';
import { MetadataImport } from './MetadataImport.js';
import { EmbeddingNote } from './EmbeddingNote.js';
import { searchRows, sortRows, type Sort } from './paperTable.js';
import { useImport } from './useImport.js';
import { droppedOf } from './useDropAnywhere.js';
import { usePapers } from '../../data/usePapers.js';
import type { JobSnapshot } from '../../../../electron/contract/index.js';
import './library.css';

/**
 * A finished import says what it did: a file's job ends saying so ("Read and indexed, 14 pages", "Already in the
 * library (…)"), a whole import counts its items.
 */
function importOutcome(job: JobSnapshot): string | null {
  const n = job.total ?? 0;
  if (job.kind === 'import.file') return job.message === '' ? null : job.message;
  if (job.kind === 'import' && n > 0) return `${job.done} of ${n} ${n === 1 ? 'item' : 'items'} handled`;
  return null;
}

/**
 * The papers: import (picker, folder, path, drag and drop), live progress, the report, and a sortable, searchable
 * table.
 */
export function LibraryView() {
  const api = useApi();
  const { paperId } = useParams();
  const { papers, error, collections, refresh } = usePapers();
  const { jobs, cancel } = useJobs();
  const imports = useImport();
  const [sort, setSort] = useState<Sort>({ key: 'addedAt', direction: 'descending' });
  const [search, setSearch] = useState('');
  const [collectionId, setCollectionId] = useState('');
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<string | null>(null);

  const statuses = useMemo(() => [...new Set((papers ?? []).map((p) => p.status))].sort(), [papers]);
  const rows = useMemo(() => {
    const filtered = (papers ?? []).filter(
      (p) => (collectionId === '' || p.collectionIds.includes(collectionId)) && (status === '' || p.status === status),
    );
    return sortRows(searchRows(filtered, search), sort);
  }, [papers, collectionId, status, search, sort]);

  // The detail opens above the table: bring it into view, or a click far down the list seems to do nothing.
  const detail = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (paperId !== undefined) detail.current?.scrollIntoView({ block: 'start' });
  }, [paperId]);
  // Files dropped on another view arrive with the navigation here: import them once, then forget them.
  const { state: navState, pathname } = useLocation();
  const navigate = useNavigate();
  const { importFiles } = imports;
  useEffect(() => {
    const dropped = droppedOf(navState);
    if (dropped === null) return;
    navigate(pathname, { replace: true, state: null });
    void importFiles(dropped);
  }, [navState, pathname, navigate, importFiles]);
  const { report, refused } = imports;
  // An empty library with an import under way is not a library to start: it is filling.
  const importing =
    imports.uploading !== null ||
    jobs.some((j) => j.kind.startsWith('import') && (j.state === 'queued' || j.state === 'running'));
  const deleteCollection = async (id: string): Promise<void> => {
    if (!window.confirm('Delete this collection? Its papers stay in the library.')) return;
    const r = await api.invoke('library.deleteCollection', { collectionId: id });
    setActionError(r.ok ? null : r.error.message);
    if (r.ok) setCollectionId('');
    refresh();
  };
  return (
    <>
      <h1>Library</h1>
      <DropZone onFiles={(files) => void imports.importFiles(files)}>
        <ImportControls
          onFiles={(files) => void imports.importFiles(files)}
          onPath={(p, watch) => void imports.importPath(p, watch)}
          busy={imports.uploading !== null}
        />
        {imports.uploading !== null && <p role="status">{imports.uploading}</p>}
        {imports.error !== null && <p role="alert">{imports.error}</p>}
        {refused.length > 0 && (
          <div role="alert" className="refused" data-testid="refused">
            <p>{refused.length === 1 ? 'This file was not imported:' : `${refused.length} files were not imported:`}</p>
            <ul>
              {refused.map((r) => (
                <li key={r.name}>
                  <span className="file">{r.name}</span>: {r.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <JobsPanel title="Imports and indexing" jobs={jobs} onCancel={cancel} outcome={importOutcome} />
        <WatchedFolders version={imports.watched} />
        <MetadataImport onDone={refresh} />
        {report !== null && (
          <ImportReport
            report={{
              imported: report.imported.length,
              duplicates: report.duplicates.map((d) => ({
                file: d.file,
                reason: `The same content as ${d.duplicateOf}, already in the library.`,
              })),
              skipped: report.skipped,
              failed: report.failed.map((f) => ({ file: f.file, reason: f.error })),
              removed: report.removed.length,
            }}
            onClose={imports.closeReport}
          />
        )}
        {paperId !== undefined && (
          <div ref={detail} className="detail-wrap">
            <Link to="/library">← All papers</Link>
            <PaperDetailPanel paperId={paperId} onChanged={refresh} />
          </div>
        )}
        {error !== null && <p role="alert">{error}</p>}
        {actionError !== null && <p role="alert">{actionError}</p>}
        {papers !== null && papers.length === 0 && importing && (
          <EmptyState title="Reading your first papers">
            <p>Each paper is listed here as soon as it is read; follow them above, page by page.</p>
          </EmptyState>
        )}
        {papers !== null && papers.length === 0 && !importing && (
          <EmptyState title="No papers yet">
            <p>
              Import papers to build your library: drop PDFs (or text, Markdown and JSONL files) here, choose files or a
              folder, or type a folder path. Scholium reads them on this computer and keeps every passage with its page.
            </p>
            <p>
              From a terminal: <code>npx scholium import ~/Papers</code>
            </p>
          </EmptyState>
        )}
        {papers !== null && papers.length > 0 && (
          <>
            <LibraryFilters
              search={search}
              onSearch={setSearch}
              collectionId={collectionId}
              onCollection={setCollectionId}
              onDeleteCollection={(id) => void deleteCollection(id)}
              collections={collections}
              status={status}
              onStatus={setStatus}
              statuses={statuses}
              shown={rows.length}
              total={papers.length}
            />
            <EmbeddingNote version={papers.length} />
            <SelectionActions
              selected={[...selected]}
              collections={collections}
              current={collections.find((c) => c.collectionId === collectionId) ?? null}
              onDone={refresh}
            />
            <PapersTable
              rows={rows}
              sort={sort}
              onSort={setSort}
              selected={selected}
              onSelect={(ids, on) =>
                setSelected((s) => {
                  const next = new Set(s);
                  for (const id of ids) {
                    if (on) next.add(id);
                    else next.delete(id);
                  }
                  return next;
                })
              }
            />
          </>
        )}
      </DropZone>
    </>
  );
}
