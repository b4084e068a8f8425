import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import { JobsPanel } from '../../components/JobsPanel.js';
import { useJobs } from '../../data/useJobs.js';

const MODEL_JOBS = new Set(['models.download', 'models.convert']);

/**
 * The one place Scholium uses the network, and only when asked: a GGUF file
 * from Hugging Face or an https address, as a job with progress that can be
 * cancelled; the model is checked and added when it arrives.
 */
export function ModelDownload({ onAdded }: { onAdded: (jobId: string) => void }) {
  const api = useApi();
  const { jobs, cancel } = useJobs();
  const [source, setSource] = useState('');
  const [sha256, setSha256] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.channel === 'job' && event.type === 'done' && MODEL_JOBS.has(event.job.kind))
          onAdded(event.job.jobId);
      }),
    [api, onAdded],
  );
  const start = async (): Promise<void> => {
    setBusy(true);
    const r = await api.invoke('models.download', {
      source: source.trim(),
      ...(sha256.trim() === '' ? {} : { sha256: sha256.trim() }),
    });
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    if (r.ok) {
      setSource('');
      setSha256('');
    }
  };
  return (
    <section aria-labelledby="download-heading">
      <h2 id="download-heading">Download a model</h2>
      <p className="muted">
        This is the only time Scholium uses the network, and it reaches only the address you give. The file is checked
        before it is added.
      </p>
      <form
        className="add-by-path"
        onSubmit={(e) => {
          e.preventDefault();
          if (source.trim() !== '') void start();
        }}
      >
        <input
          type="text"
          className="download-source"
          aria-label="Model to download"
          placeholder="hf:user/repo/file.gguf, hf:user/repo:Q4_K_M or https://…/model.gguf"
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
        <input
          type="text"
          aria-label="Expected SHA-256 (optional)"
          placeholder="SHA-256 (optional)"
          value={sha256}
          onChange={(e) => setSha256(e.target.value)}
        />
        <button type="submit" disabled={busy || source.trim() === ''}>
          Download
        </button>
        <ErrorText error={error} />
      </form>
      {/* A download's message says how many MiB of how many; its raw byte counts would repeat it. */}
      <JobsPanel
        title="Downloads and conversions"
        jobs={jobs.filter((j) => MODEL_JOBS.has(j.kind))}
        onCancel={cancel}
        counts={false}
      />
    </section>
  );
}
