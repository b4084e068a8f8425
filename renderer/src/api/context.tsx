import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient, ConnectionState } from './client.js';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (client === null) throw new Error('useApi outside ApiProvider');
  return client;
}

/** The connection state; read through an external store so a change before the first subscription is not missed. */
export function useConnection(): ConnectionState {
  const client = useApi();
  const subscribe = useCallback((onChange: () => void) => client.onConnection(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.connection());
}
