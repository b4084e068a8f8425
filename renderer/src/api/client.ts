import {
  API_PATH,
  ServerMessageSchema,
  TOKEN_PARAM,
  type OpInput,
  type OpName,
  type OpOutput,
  type Result,
  type ScholiumApi,
  type ScholiumEvent,
} from '../../../electron/contract/index.js';

declare global {
  interface Window {
    scholium?: ScholiumApi;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ApiClient extends ScholiumApi {
  readonly kind: 'electron' | 'host';
  /** A URL the renderer can fetch a paper's PDF from (library files only). */
  paperFileUrl(paperId: string): string;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const TOKEN_KEY = 'scholium.token';

/** The host puts the session token in the URL once; keep it for reloads and take it out of the address bar. */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl !== null) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete(TOKEN_PARAM);
    const search = params.toString();
    history.replaceState(null, '', `${location.pathname}${search === '' ? '' : `?${search}`}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

function electronClient(bridge: ScholiumApi): ApiClient {
  return {
    kind: 'electron',
    paperFileUrl: (paperId) => `scholium://library/papers/${encodeURIComponent(paperId)}.pdf`,
    invoke: (op, payload) => bridge.invoke(op, payload),
    onEvent: (listener) => bridge.onEvent(listener),
    connection: () => 'open',
    onConnection: () => () => undefined,
  };
}

/** Browser mode: the same contract over the host's WebSocket, reconnecting with backoff. */
function hostClient(token: string | null): ApiClient {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let backoff = 250;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const eventListeners = new Set<(event: ScholiumEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const queue: string[] = [];

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const l of stateListeners) l(next);
  };

  const connect = (): void => {
    const url = new URL(API_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = token === null ? '' : `?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
    url.hash = '';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      backoff = 250;
      setState('open');
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (e) => {
      const parsed = ServerMessageSchema.safeParse(JSON.parse(String(e.data)));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'result') {
        pending.get(message.id)?.(message.result as Result<unknown>);
        pending.delete(message.id);
      } else if (message.kind === 'event') for (const l of eventListeners) l(message.event);
    };
    ws.onclose = () => {
      socket = null;
      for (const resolve of pending.values())
        resolve({ ok: false, error: { code: 'INTERNAL', message: 'Lost the connection to Scholium; reconnecting.' } });
      pending.clear();
      setState('reconnecting');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  };
  connect();

  return {
    kind: 'host',
    paperFileUrl: (paperId) =>
      `/files/${encodeURIComponent(paperId)}.pdf${token === null ? '' : `?${TOKEN_PARAM}=${encodeURIComponent(token)}`}`,
    invoke<K extends OpName>(op: K, payload: OpInput<K>): Promise<Result<OpOutput<K>>> {
      const id = nextId++;
      const message = JSON.stringify({ kind: 'invoke', id, op, payload });
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connection: () => state,
    onConnection: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

export function createClient(): ApiClient {
  if (window.scholium !== undefined) return electronClient(window.scholium);
  return hostClient(takeToken(window.location, window.sessionStorage, window.history));
}
