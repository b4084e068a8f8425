import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ScholiumError } from '../../../contract/index.js';
import { allowNetwork } from '../../platform/networkGuard.js';
import { checkUrl } from './modelSource.js';

export interface TransferOptions {
  signal: AbortSignal;
  /** No byte for this long (connecting included) drops the attempt. */
  idleTimeoutMs: number;
  /** Why the network is reached, recorded by the offline guard with every connection. */
  reason: string;
}

/** What Hugging Face says about the file behind a redirect (x-linked-etag is its SHA-256). */
export interface LinkedFacts {
  sha256: string | null;
  size: number | null;
}

const MAX_REDIRECTS = 8;
/** Failures after which resuming may work: the connection dropped or stalled. */
const DROPPED = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TRANSFER_DROPPED',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function dropped(message: string): Error {
  return Object.assign(new Error(message), { code: 'TRANSFER_DROPPED' });
}

export function isDropped(error: unknown): boolean {
  return DROPPED.has((error as { code?: string }).code ?? '');
}

function cancelled(): ScholiumError {
  return new ScholiumError(
    'CANCELLED',
    'The download was cancelled; what was received is kept, so downloading again resumes it.',
  );
}

/** A network failure in words, naming the host; cancellation and our own errors pass through. */
function explain(error: unknown, url: URL, signal: AbortSignal): Error {
  if (signal.aborted) return cancelled();
  if (error instanceof ScholiumError || isDropped(error)) return error as Error;
  const code = (error as { code?: string }).code ?? '';
  if (UNREACHABLE.has(code))
    return new ScholiumError(
      'IO_ERROR',
      `Cannot reach ${url.host} (${code}); check the address and the internet connection.`,
    );
  return new ScholiumError(
    'IO_ERROR',
    `The download from ${url.host} failed: ${error instanceof Error ? error.message : String(error)}.`,
  );
}

export function statusError(url: URL, status: number): ScholiumError {
  if (status === 404)
    return new ScholiumError(
      'NOT_FOUND',
      `Nothing to download at ${url.href}: the server answered 404 (not found). Check the name of the repository and the file.`,
    );
  if (status === 401 || status === 403) {
    return new ScholiumError(
      'NOT_FOUND',
      `The server refused ${url.href} (HTTP ${status}): it does not exist, or it is private or gated, and Scholium does not sign in.`,
    );
  }
  return new ScholiumError('IO_ERROR', `The server answered HTTP ${status} for ${url.href}; try again later.`);
}

/**
 * One request. This is the only place Scholium lets a connection leave the
 * computer: the offline guard lets it through because it runs inside
 * allowNetwork, with the reason recorded.
 */
function requestOnce(
  url: URL,
  headers: Record<string, string>,
  options: TransferOptions,
): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return allowNetwork(
    options.reason,
    () =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        // agent: false — a fresh socket per request, closed after it, so no connection outlives the download.
        const req = client.request(
          url,
          {
            headers: { 'user-agent': 'Scholium', ...headers },
            agent: false,
            timeout: options.idleTimeoutMs,
            signal: options.signal,
          },
          resolve,
        );
        req.on('timeout', () =>
          req.destroy(dropped(`${url.host} sent nothing for ${Math.round(options.idleTimeoutMs / 1000)} s`)),
        );
        req.on('error', reject);
        req.end();
      }),
  );
}

/** GET following redirects (each target checked like the first), collecting Hugging Face's linked-file headers. */
export async function openUrl(
  url: URL,
  headers: Record<string, string>,
  options: TransferOptions,
): Promise<{ res: http.IncomingMessage; linked: LinkedFacts }> {
  const linked: LinkedFacts = { sha256: null, size: null };
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: http.IncomingMessage;
    try {
      res = await requestOnce(current, headers, options);
    } catch (error) {
      throw explain(error, current, options.signal);
    }
    const etag = String(res.headers['x-linked-etag'] ?? '')
      .replace(/^W\//, '')
      .replace(/"/g, '');
    if (/^[0-9a-f]{64}$/i.test(etag)) linked.sha256 = etag.toLowerCase();
    const size = Number(res.headers['x-linked-size']);
    if (Number.isSafeInteger(size) && size > 0) linked.size = size;
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      res.resume();
      current = new URL(location, current);
      checkUrl(current, url.href);
      continue;
    }
    return { res, linked };
  }
  throw new ScholiumError(
    'IO_ERROR',
    `${url.href} redirects more than ${MAX_REDIRECTS} times; it cannot be downloaded.`,
  );
}

/** A small JSON document (a Hugging Face API listing). */
export async function fetchJson(url: URL, options: TransferOptions): Promise<unknown> {
  const { res } = await openUrl(url, { accept: 'application/json' }, options);
  if (res.statusCode !== 200) {
    res.resume();
    throw statusError(url, res.statusCode ?? 0);
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw explain(error, url, options.signal);
  }
}

export interface TransferResult {
  bytes: number;
  linked: LinkedFacts;
}

function sizeOf(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * One attempt to bring `file` up to the whole of `url`: asks only for the
 * bytes after what the file holds (HTTP Range) and appends them; starts over
 * when the server ignores the range. Throws a dropped error when the
 * connection breaks, leaving what arrived in the file.
 */
export async function transferOnce(
  url: URL,
  file: string,
  options: TransferOptions & { onBytes: (done: number, total: number | null) => void },
): Promise<TransferResult> {
  const have = sizeOf(file);
  const { res, linked } = await openUrl(url, have > 0 ? { range: `bytes=${have}-` } : {}, options);
  const status = res.statusCode ?? 0;
  if (status === 416) {
    // The file already holds everything the server has.
    res.resume();
    const total = Number(/\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''))?.[1]);
    if (total === have) return { bytes: have, linked };
    fs.rmSync(file, { force: true });
    throw dropped(`${url.host} does not have the ${have} bytes already received; starting over`);
  }
  if (status !== 200 && status !== 206) {
    res.resume();
    throw statusError(url, status);
  }
  let start = 0;
  let total: number | null = null;
  if (status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
    if (range === null || Number(range[1]) !== have) {
      res.resume();
      fs.rmSync(file, { force: true });
      throw dropped(`${url.host} answered a different range than asked for; starting over`);
    }
    start = have;
    total = range[2] === '*' ? null : Number(range[2]);
  } else {
    const length = Number(res.headers['content-length']);
    total = Number.isSafeInteger(length) ? length : null;
  }
  let done = start;
  options.onBytes(done, total);
  // Each chunk is written before the next is read, so what counts as done is on disk when the connection drops.
  const out = await fs.promises.open(file, start > 0 ? 'a' : 'w');
  try {
    for await (const chunk of res) {
      await out.write(chunk as Buffer);
      done += (chunk as Buffer).length;
      options.onBytes(done, total);
    }
  } catch (error) {
    throw explain(error, url, options.signal);
  } finally {
    await out.close();
  }
  if (total !== null && done !== total)
    throw dropped(`the connection to ${url.host} ended after ${done} of ${total} bytes`);
  return { bytes: done, linked };
}

/** SHA-256 of a file, read in large chunks so a big model does not hold the thread for long at a time. */
export async function sha256OfFile(
  file: string,
  signal: AbortSignal,
  onBytes: (done: number) => void,
): Promise<string> {
  const hash = crypto.createHash('sha256');
  let done = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024, signal })) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      onBytes(done);
    }
  } catch (error) {
    if (signal.aborted) throw cancelled();
    throw error;
  }
  return hash.digest('hex');
}
