import {
  API_PATH,
  TOKEN_PARAM,
  WireClient,
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
  let backoff = 250;
  const eventListeners = new Set<(event: ScholiumEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  // Calls made while the socket is not open wait here and go out when it opens.
  const queue: string[] = [];
  const calls = new WireClient(
    (message) => {
      const text = JSON.stringify(message);
      if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    },
    (event) => {
      for (const l of eventListeners) l(event);
    },
  );

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
    ws.onmessage = (e) => calls.receive(JSON.parse(String(e.data)));
    ws.onclose = () => {
      socket = null;
      calls.failAll('Lost the connection to Scholium; reconnecting.');
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
    invoke: (op, payload) => calls.invoke(op, payload),
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
