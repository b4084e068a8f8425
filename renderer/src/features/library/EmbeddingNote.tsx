import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { EmbeddingStatusSchema } from '../../../../electron/contract/ops/library.js';
import { useApi } from '../../api/context.js';

type EmbeddingStatus = z.infer<typeof EmbeddingStatusSchema>;

/** While passages are embedded, the count is read again at most this often (each batch reports progress). */
const REFRESH_MS = 1000;

/**
 * Whether search can go by meaning: which embedding model, and how much of the library it has covered, counted again
 * as the embedding job goes on.
 */
export function EmbeddingNote({ version }: { version: number }) {
  const api = useApi();
  const [status, setStatus] = useState<EmbeddingStatus | null>(null);
  useEffect(() => {
    let live = true;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = (): void => {
      timer = null;
      last = Date.now();
      void api.invoke('library.embeddingStatus', {}).then((r) => live && r.ok && setStatus(r.value));
    };
    refresh();
    const unsubscribe = api.onEvent((event) => {
      if (event.channel !== 'job' || event.job.kind !== 'embed') return;
      if (timer !== null) clearTimeout(timer);
      // The end of the job is counted at once; progress at most once a REFRESH_MS, the last of a burst included.
      timer = setTimeout(refresh, event.type === 'progress' ? Math.max(0, last + REFRESH_MS - Date.now()) : 0);
    });
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, [api, version]);
  if (status === null || status.passages === 0) return null;
  return (
    <p className="muted embedding-note" data-testid="embedding-note">
      {status.modelId === null
        ? 'Search is by words only: set an embedding model under Models to also search by meaning.'
        : `Search by meaning with ${status.modelId}: ${status.embedded} of ${status.passages} passages embedded${status.jobId === null ? '' : ' (embedding the rest now)'}.`}
    </p>
  );
}
