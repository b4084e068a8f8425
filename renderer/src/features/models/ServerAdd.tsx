import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText.js';
import { useSubmission } from '../../lib/useSubmission.js';

/** The address (and key) of an OpenAI-compatible server to use; shows why it was refused, if it was. */
export function ServerAdd({ onAdd }: { onAdd: (url: string, apiKey: string) => Promise<string | null> }) {
  const [url, setUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const { busy, error, submit } = useSubmission();
  return (
    <form
      className="add-by-path"
      onSubmit={(e) => {
        e.preventDefault();
        if (url.trim() === '') return;
        submit(
          () => onAdd(url.trim(), apiKey),
          () => {
            setUrl('');
            setApiKey('');
          },
        );
      }}
    >
      <input
        type="text"
        aria-label="Server address"
        placeholder="http://gpu-box:8080/v1"
        title="The address of an OpenAI-compatible server: llama-server, vLLM, Ollama or LM Studio"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <input
        type="password"
        aria-label="API key (optional)"
        placeholder="API key, if it needs one"
        autoComplete="off"
        value={apiKey}
        onChange={(e) => setApiKey(e.target.value)}
      />
      <button type="submit" disabled={busy || url.trim() === ''}>
        {busy ? 'Connecting…' : 'Add server'}
      </button>
      <ErrorText error={error} />
    </form>
  );
}
