import { ScholiumError } from '../../../contract/index.js';
import { networkFault, ServerFault, statusFault, type ServerLabel } from './serverFaults.js';

export interface ServerTimeouts {
  /** Until the response's headers arrive (a big prompt is read first on some servers). */
  responseMs: number;
  /** Between two chunks of a streamed answer: longer, and the server is taken to be stuck. */
  idleMs: number;
  /** Tries in all for a request the server refused or never got (429, 503, not reachable). */
  attempts: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { responseMs: 300_000, idleMs: 120_000, attempts: 3 };

export interface ServerEndpoint extends ServerLabel {
  /** The API base, …/v1. */
  base: string;
  /** Beside the API (llama.cpp's /tokenize, /props). */
  root: string;
  apiKey: string | null;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** The model asked for, named when the server says it has none such. */
  model?: string;
}

/** Why an internal abort fired, so the caller's stop and a timeout are told apart. */
class Deadline {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  expired = false;

  arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A function, so a check made earlier does not narrow what a later one reads (the signal changes under us). */
const stopped = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

const cancelled = (): ScholiumError => new ScholiumError('CANCELLED', 'The request to the model server was stopped.');

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * HTTP to one OpenAI-compatible server with Node's fetch: the key as a bearer token, faults in words, a request tried
 * again only where that is safe, and a streamed response read with a stall timeout.
 */
export class ServerClient {
  constructor(
    readonly endpoint: ServerEndpoint,
    private readonly timeouts: ServerTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  private headers(json: boolean): Record<string, string> {
    return {
      accept: json ? 'application/json' : 'text/event-stream',
      ...(json ? {} : { 'cache-control': 'no-cache' }),
      'content-type': 'application/json',
      ...(this.endpoint.apiKey === null ? {} : { authorization: `Bearer ${this.endpoint.apiKey}` }),
    };
  }

  /** The response of a successful request (2xx), after retries where safe; the deadline is the caller's to clear. */
  private async open(
    url: string,
    body: unknown,
    options: RequestOptions & { stream?: boolean },
  ): Promise<{ response: Response; deadline: Deadline }> {
    for (let attempt = 1; ; attempt += 1) {
      if (stopped(options.signal)) throw cancelled();
      const deadline = new Deadline();
      deadline.arm(this.timeouts.responseMs);
      const signal =
        options.signal === undefined
          ? deadline.controller.signal
          : AbortSignal.any([deadline.controller.signal, options.signal]);
      let fault: ServerFault;
      try {
        const response = await fetch(url, {
          method: body === undefined ? 'GET' : 'POST',
          headers: this.headers(options.stream !== true),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        if (response.ok) return { response, deadline };
        const text = await response.text().catch(() => '');
        deadline.clear();
        fault = statusFault(this.endpoint, response.status, text, response.headers.get('retry-after'), options.model);
      } catch (error) {
        deadline.clear();
        if (stopped(options.signal)) throw cancelled();
        // A server too slow to answer once would be as slow again: said, not retried.
        fault = deadline.expired
          ? new ServerFault(
              `The model server ${this.endpoint.name} (${this.endpoint.base}) did not answer within ${Math.round(this.timeouts.responseMs / 1000)} s.`,
              'never',
            )
          : networkFault(this.endpoint, error);
      }
      // Every request Scholium sends (list, tokenise, embed, complete) changes nothing on the server, so one that failed
      // before its answer began may be sent again; a stream that broke after it began never is (see stream).
      if (fault.repeat === 'never' || attempt >= this.timeouts.attempts) throw fault;
      await wait(fault.retryAfterMs ?? 250 * 2 ** attempt, options.signal);
    }
  }

  /** GET (no body) or POST a JSON request and read the JSON answer. */
  async json<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const url = path.startsWith('/') ? `${this.endpoint.root}${path}` : `${this.endpoint.base}/${path}`;
    const { response, deadline } = await this.open(url, body, options);
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (stopped(options.signal)) throw cancelled();
      throw networkFault(this.endpoint, error);
    } finally {
      deadline.clear();
    }
  }

  /**
   * POSTs a streaming request and hands each server-sent event's data to `onData` as it arrives. Ends normally at
   * `[DONE]` or the end of the body; a connection that breaks (or stalls past the idle timeout) after the first byte
   * throws a ServerFault marked `partial`, never retried: what was streamed stands.
   */
  async stream(
    path: string,
    body: unknown,
    onData: (data: unknown) => void,
    options: RequestOptions = {},
  ): Promise<void> {
    const { response, deadline } = await this.open(`${this.endpoint.base}/${path}`, body, { ...options, stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        deadline.arm(this.timeouts.idleMs);
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') return;
          onData(parseEvent(this.endpoint, data));
        }
      }
    } catch (error) {
      if (stopped(options.signal)) throw cancelled();
      if (error instanceof ScholiumError) throw error;
      throw new StreamCut(
        deadline.expired
          ? `The model server ${this.endpoint.name} (${this.endpoint.base}) sent nothing for ${Math.round(this.timeouts.idleMs / 1000)} s, so the answer was cut off there.`
          : `The connection to the model server ${this.endpoint.name} (${this.endpoint.base}) dropped while it was answering, so the answer was cut off there.`,
      );
    } finally {
      deadline.clear();
      // Ends the response when it stops early ([DONE] before the body's end, a stop, a fault): the connection is freed.
      await reader.cancel().catch(() => undefined);
    }
  }
}

/** A stream that broke after it began: what arrived stands, nothing is sent again. */
export class StreamCut extends ServerFault {
  constructor(message: string) {
    super(message, 'never');
  }
}

/** One event's JSON; an error the server reports inside the stream becomes a fault. */
function parseEvent(server: ServerLabel, data: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new ServerFault(`The model server ${server.name} (${server.base}) sent an event that is not JSON.`, 'never');
  }
  const error = (parsed as { error?: { message?: string } | string }).error;
  if (error !== undefined && error !== null)
    throw new StreamCut(
      `The model server ${server.name} (${server.base}) stopped with an error while answering: ${typeof error === 'string' ? error : (error.message ?? 'no reason given')}.`,
    );
  return parsed;
}
