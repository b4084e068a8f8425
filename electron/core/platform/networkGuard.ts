import { AsyncLocalStorage } from 'node:async_hooks';
import dns from 'node:dns';
import net from 'node:net';

export interface NetworkAttempt {
  kind: 'connect' | 'dns';
  target: string;
  allowed: boolean;
  reason: string | null;
  at: string;
}

const permission = new AsyncLocalStorage<string>();
const attempts: NetworkAttempt[] = [];
let installed = false;
/** The model servers the user configured: `host:port` → why it may be reached; their host names, for DNS. */
let serverEndpoints = new Map<string, string>();
let serverHosts = new Map<string, string>();

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Why a target (`host:port` to connect to, or a host name to look up) may be reached: a user-requested download
 * running now, or a model server the user configured; null: it may not.
 */
export function permitted(kind: NetworkAttempt['kind'], target: string): string | null {
  const download = permission.getStore();
  if (download !== undefined) return download;
  const key = target.toLowerCase();
  return (kind === 'dns' ? serverHosts.get(key) : serverEndpoints.get(key)) ?? null;
}

function record(kind: NetworkAttempt['kind'], target: string): NetworkAttempt {
  const reason = permitted(kind, target);
  const attempt: NetworkAttempt = { kind, target, allowed: reason !== null, reason, at: new Date().toISOString() };
  attempts.push(attempt);
  return attempt;
}

function offlineError(target: string): Error {
  return Object.assign(
    new Error(
      `Scholium works offline: a connection to ${target} was blocked because no download was requested and no model server there is configured.`,
    ),
    { code: 'ECONNREFUSED' },
  );
}

/** Host and port of a net.Socket#connect call, whatever form its arguments take. */
function connectTarget(args: unknown[]): { host: string; port: string } | null {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const o = first as { host?: string; port?: number | string; path?: string | null };
    // Unix socket / named pipe: local by construction. (https.request passes path: null for TCP.)
    if (typeof o.path === 'string') return null;
    return { host: o.host ?? 'localhost', port: String(o.port ?? '') };
  }
  if (Array.isArray(first)) return connectTarget(first);
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
    return { host: typeof second === 'string' ? second : 'localhost', port: String(first) };
  return null; // a path string
}

/**
 * Records every outbound connection and DNS lookup this process attempts and
 * refuses those that leave the machine, unless they run inside
 * `allowNetwork(reason, fn)` — the one path a user-requested download takes —
 * or go to a model server the user configured (`allowModelServers`).
 */
export function installNetworkGuard(): void {
  if (installed) return;
  installed = true;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target !== null && !isLoopback(target.host)) {
      const attempt = record('connect', `${target.host}:${target.port}`);
      if (!attempt.allowed) {
        process.nextTick(() => this.destroy(offlineError(attempt.target)));
        return this;
      }
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  const lookup = dns.lookup;
  const guardedLookup = function (hostname: string, ...rest: unknown[]) {
    if (typeof hostname === 'string' && !isLoopback(hostname) && !net.isIP(hostname)) {
      const attempt = record('dns', hostname);
      if (!attempt.allowed) {
        const callback = rest.at(-1);
        if (typeof callback === 'function')
          process.nextTick(() => (callback as (e: Error) => void)(offlineError(hostname)));
        return undefined;
      }
    }
    return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  (dns as { lookup: unknown }).lookup = guardedLookup;
  const promiseLookup = dns.promises.lookup;
  (dns.promises as { lookup: unknown }).lookup = async (hostname: string, ...rest: unknown[]) => {
    if (!isLoopback(hostname) && !net.isIP(hostname) && !record('dns', hostname).allowed) throw offlineError(hostname);
    return (promiseLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
}

/** Runs fn with permission to reach the network; only user-requested downloads call this. */
export function allowNetwork<T>(reason: string, fn: () => Promise<T>): Promise<T> {
  return permission.run(reason, fn);
}

/**
 * Opens the door to exactly these model servers' origins (host and port; their host names for DNS), closing it to
 * any configured before: the models concern calls it with the library's servers whenever they change.
 */
export function allowModelServers(origins: readonly URL[]): void {
  const endpoints = new Map<string, string>();
  const hosts = new Map<string, string>();
  for (const url of origins) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    const reason = `model server configured by the user: ${url.origin}`;
    endpoints.set(`${host}:${port}`, reason);
    if (!net.isIP(host)) hosts.set(host, reason);
  }
  serverEndpoints = endpoints;
  serverHosts = hosts;
}

/** The origins allowModelServers opened, for doctor. */
export function allowedModelServers(): string[] {
  return [...new Set([...serverEndpoints.values()].map((r) => r.slice(r.indexOf(': ') + 2)))];
}

export function networkGuardInstalled(): boolean {
  return installed;
}

/** Every non-loopback attempt since the guard was installed. */
export function networkAttempts(): readonly NetworkAttempt[] {
  return attempts;
}
