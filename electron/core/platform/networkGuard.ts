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

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

function record(kind: NetworkAttempt['kind'], target: string): NetworkAttempt {
  const reason = permission.getStore() ?? null;
  const attempt: NetworkAttempt = { kind, target, allowed: reason !== null, reason, at: new Date().toISOString() };
  attempts.push(attempt);
  return attempt;
}

function offlineError(target: string): Error {
  return Object.assign(
    new Error(`Scholium works offline: a connection to ${target} was blocked because no download was requested.`),
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
 * `allowNetwork(reason, fn)` — the one path a user-requested download takes.
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

export function networkGuardInstalled(): boolean {
  return installed;
}

/** Every non-loopback attempt since the guard was installed. */
export function networkAttempts(): readonly NetworkAttempt[] {
  return attempts;
}
