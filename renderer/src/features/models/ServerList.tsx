import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import { ErrorText } from '../../components/ErrorText.js';
import type { ServedModel, ServerInfo } from '../../../../electron/contract/ops/servers.js';

/** One server: what it offers now, each model registrable for chat or embedding, and removing it. */
function ServerRow({ server, onChanged }: { server: ServerInfo; onChanged: () => void }) {
  const api = useApi();
  const [offered, setOffered] = useState<ServedModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.invoke('servers.models', { serverId: server.serverId }).then((r) => {
      if (!live) return;
      setOffered(r.ok ? r.value : []);
      setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api, server.serverId, version]);
  const register = async (model: string, role: 'chat' | 'embedding'): Promise<void> => {
    const r = await api.invoke('models.addRemote', { serverId: server.serverId, model, role });
    setError(r.ok ? null : r.error.message);
    setVersion((v) => v + 1);
    onChanged();
  };
  return (
    <li data-testid="server-row">
      <div>
        <strong>{server.name}</strong> <span className="file">{server.url}</span>
        <span className="muted">
          {' '}
          · {server.kind}
          {server.hasKey ? ' · API key kept in the library folder' : ''}
        </span>{' '}
        <button
          type="button"
          aria-label={`Remove server ${server.name}`}
          onClick={() =>
            void api.invoke('servers.remove', { serverId: server.serverId }).then((r) => {
              setError(r.ok ? null : r.error.message);
              onChanged();
            })
          }
        >
          Remove
        </button>
      </div>
      <ErrorText error={error} />
      {offered !== null && offered.length > 0 && (
        <ul className="served-models" aria-label={`Models on ${server.name}`}>
          {offered.map((m) => (
            <li key={m.model}>
              <span className="file">{m.model}</span>
              {m.contextLength !== null && (
                <span className="muted"> · context {m.contextLength.toLocaleString()}</span>
              )}{' '}
              {m.registeredAs !== null ? (
                <span className="muted">registered as {m.registeredAs}</span>
              ) : (
                <>
                  <button type="button" onClick={() => void register(m.model, 'chat')}>
                    Use for chat
                  </button>{' '}
                  <button type="button" onClick={() => void register(m.model, 'embedding')}>
                    Use for embedding
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The inference servers the user configured; nothing else beyond this computer is ever reached. */
export function ServerList({ servers, onChanged }: { servers: readonly ServerInfo[]; onChanged: () => void }) {
  return (
    <ul className="server-list" aria-label="Model servers">
      {servers.map((s) => (
        <ServerRow key={s.serverId} server={s} onChanged={onChanged} />
      ))}
    </ul>
  );
}
