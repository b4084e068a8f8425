import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import type { ImportReport } from '../../../../electron/contract/ops/library.js';
import { sortFiles, type Refused } from './importFiles.js';
import { uploadFile } from './upload.js';

interface ImportState {
  /** Files refused before sending (not a document the library reads, empty). */
  refused: Refused[];
  uploading: string | null;
  error: string | null;
  jobId: string | null;
  report: ImportReport | null;
  /** Folders newly watched from this view (to refresh their list). */
  watched: number;
}

const IDLE: ImportState = { refused: [], uploading: null, error: null, jobId: null, report: null, watched: 0 };

/** Import by files (sent as bytes) or by a path on this computer; the report arrives when the import job ends. */
export function useImport() {
  const api = useApi();
  const [state, setState] = useState<ImportState>(IDLE);
  const { jobId } = state;

  useEffect(() => {
    if (jobId === null) return;
    const fetchReport = (onlyIfEnded: boolean): void =>
      void api.invoke('library.importReport', { jobId }).then((r) => {
        if (onlyIfEnded && r.ok && r.value.state === 'running') return;
        setState((s) =>
          s.jobId === jobId ? { ...s, report: r.ok ? r.value : null, error: r.ok ? s.error : r.error.message } : s,
        );
      });
    const unsubscribe = api.onEvent((event) => {
      if (event.channel === 'job' && event.jobId === jobId && event.type !== 'progress') fetchReport(false);
    });
    // A small import can end before this subscription exists: ask once, keep the answer only if it has ended.
    fetchReport(true);
    return unsubscribe;
  }, [api, jobId]);

  const start = useCallback(
    async (payload: { paths?: string[]; uploads?: string[] }): Promise<void> => {
      const r = await api.invoke('library.import', payload);
      setState((s) => ({
        ...s,
        uploading: null,
        jobId: r.ok ? r.value.jobId : null,
        report: null,
        error: r.ok ? null : r.error.message,
      }));
    },
    [api],
  );

  const importFiles = useCallback(
    async (files: File[]): Promise<void> => {
      const { accepted, refused } = await sortFiles(files);
      setState((s) => ({ ...s, refused, error: null }));
      if (accepted.length === 0) return;
      const uploads: string[] = [];
      try {
        for (const [i, item] of accepted.entries()) {
          setState((s) => ({
            ...s,
            uploading: `Sending ${item.file.name} to the library (${i + 1} of ${accepted.length})…`,
          }));
          uploads.push(await uploadFile(api, item));
        }
      } catch (error) {
        setState((s) => ({ ...s, uploading: null, error: (error as Error).message }));
        return;
      }
      await start({ uploads });
    },
    [api, start],
  );

  const importPath = useCallback(
    async (path: string, watch: boolean): Promise<void> => {
      if (!watch) return start({ paths: [path] });
      // Watching imports the folder now as a job, then follows its changes.
      const r = await api.invoke('library.watch', { path });
      setState((s) => ({
        ...s,
        jobId: r.ok ? r.value.jobId : null,
        report: null,
        error: r.ok ? null : r.error.message,
        watched: s.watched + (r.ok ? 1 : 0),
      }));
    },
    [api, start],
  );
  const closeReport = useCallback(() => setState((s) => ({ ...s, report: null, refused: [] })), []);

  return { ...state, importFiles, importPath, closeReport };
}
