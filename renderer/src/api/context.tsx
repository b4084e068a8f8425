import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
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

export function useConnection(): ConnectionState {
  const client = useApi();
  const [state, setState] = useState(client.connection());
  useEffect(() => client.onConnection(setState), [client]);
  return state;
}
