import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { EmbeddingStatusSchema } from '../../../../electron/contract/ops/library.js';
import { useApi } from '../../api/context.js';

type EmbeddingStatus = z.infer<typeof EmbeddingStatusSchema>;

/** Whether search can go by meaning: which embedding model, and how much of the library it has covered. */
export function EmbeddingNote({ version }: { version: number }) {
  const api = useApi();
  const [status, setStatus] = useState<EmbeddingStatus | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('library.embeddingStatus', {}).then((r) => live && r.ok && setStatus(r.value));
    return () => {
      live = false;
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
