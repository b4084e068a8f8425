import { ScholiumError } from '../../../contract/index.js';

/** What a fault message names: the server, never its key. */
export interface ServerLabel {
  name: string;
  base: string;
}

/** Connection failures before the server read the request: nothing was done there, so trying again is safe. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Connection failures after it may have read it (a stale kept-alive connection, a server that died). */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** A failure of a model server, with whether and when the same request may be sent again. */
export class ServerFault extends ScholiumError {
  constructor(
    message: string,
    /**
     * 'refused': the request was never processed (not reached, 429, 503); 'maybe': it may have been (a reset before
     * the answer began, a 5xx); 'never': sending it again would not help (401, 404, a timeout, a stream cut midway).
     */
    readonly repeat: 'refused' | 'maybe' | 'never',
    readonly retryAfterMs: number | null = null,
    code: 'MODEL_SERVER' | 'UNAUTHORIZED' | 'NOT_FOUND' = 'MODEL_SERVER',
  ) {
    super(code, message);
  }
}

/** The code of a network error, looking through fetch's TypeError("fetch failed") to its cause. */
function networkCode(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

/** A network error as the user should read it. */
export function networkFault(server: ServerLabel, error: unknown): ServerFault {
  const code = networkCode(error);
  if (NOT_REACHED.has(code))
    return new ServerFault(
      `The model server ${server.name} (${server.base}) cannot be reached (${code}): is it running, and is the address right?`,
      'refused',
    );
  if (DROPPED.has(code) || code === '')
    return new ServerFault(
      `The connection to the model server ${server.name} (${server.base}) broke (${code || (error instanceof Error ? error.message : String(error))}).`,
      'maybe',
    );
  return new ServerFault(
    `The model server ${server.name} (${server.base}) failed: ${error instanceof Error ? error.message : String(error)} (${code}).`,
    'never',
  );
}

/** Retry-After in ms (seconds or an HTTP date), capped: a long wait is better said than waited for. */
function retryAfter(header: string | null, capMs: number): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.min(ms, capMs)) : null;
}

/** The server's own words about an error, shortened (its JSON error message when it sends one). */
function serverWords(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string; detail?: string };
    text =
      (typeof parsed.error === 'string' ? parsed.error : parsed.error?.message) ??
      parsed.message ??
      parsed.detail ??
      body;
  } catch {
    // not JSON: its text as it is
  }
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** An HTTP error status as a fault; `model` names the model asked for, for a 404. */
export function statusFault(
  server: ServerLabel,
  status: number,
  body: string,
  retryAfterHeader: string | null,
  model?: string,
): ServerFault {
  const words = serverWords(body);
  const said = words === '' ? '' : ` It said: ${words}`;
  if (status === 401 || status === 403)
    return new ServerFault(
      `The model server ${server.name} (${server.base}) refused the request (HTTP ${status}): ${status === 401 ? 'it needs an API key, or a different one' : 'the API key may not use it'}. Set the key with "scholium models add-server ${server.base} --api-key KEY" or in Models → Servers.${said}`,
      'never',
      null,
      'UNAUTHORIZED',
    );
  if (status === 404)
    return new ServerFault(
      model === undefined
        ? `The model server ${server.name} (${server.base}) has no such endpoint (HTTP 404): is it an OpenAI-compatible server?${said}`
        : `The model server ${server.name} (${server.base}) no longer serves the model "${model}" (HTTP 404). Check "scholium models servers" for what it offers now.${said}`,
      'never',
      null,
      'NOT_FOUND',
    );
  if (status === 429 || status === 503)
    return new ServerFault(
      `The model server ${server.name} (${server.base}) is busy (HTTP ${status}${status === 503 ? ', unavailable or still loading' : ', too many requests'}); try again in a moment.${said}`,
      'refused',
      retryAfter(retryAfterHeader, 10_000),
    );
  return new ServerFault(
    `The model server ${server.name} (${server.base}) answered HTTP ${status}.${said}`,
    // A proxy in front of the server that lost it (502, 504) may find it again; the server's own errors stand.
    status === 502 || status === 504 ? 'maybe' : 'never',
  );
}
