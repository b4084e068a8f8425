import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import type { ServerInfo } from '../../../../electron/contract/ops/servers.js';
import { ServerAdd } from './ServerAdd.js';
import { ServerList } from './ServerList.js';

/** Models on an inference server the lab runs: add a server, register its models next to the local ones. */
export function ServersSection({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const [servers, setServers] = useState<ServerInfo[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.invoke('servers.list', {}).then((r) => {
      if (live && r.ok) setServers(r.value);
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    onChanged();
  }, [onChanged]);
  return (
    <section aria-labelledby="servers-heading">
      <h2 id="servers-heading">Model servers</h2>
      <p className="muted">
        A GPU box running llama-server, vLLM, Ollama or LM Studio can write answers and embed passages; citations are
        still checked here against your papers. Scholium reaches the servers listed here and nothing else.
      </p>
      {servers.length > 0 && <ServerList servers={servers} onChanged={changed} />}
      <ServerAdd
        onAdd={async (url, apiKey) => {
          const r = await api.invoke('servers.add', { url, ...(apiKey === '' ? {} : { apiKey }) });
          changed();
          return r.ok ? null : r.error.message;
        }}
      />
    </section>
  );
}
