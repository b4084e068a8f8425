import { randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const WILDCARDS = ['0.0.0.0', '::'];
const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** This machine's own addresses on its networks (not loopback, not link-local: those need a zone to be reached). */
function networkAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a!.address);
}

/**
 * The host names a browser may use to reach this server. Checking Host stops
 * DNS-rebinding pages; checking Origin stops other sites' scripts. Bound to every
 * interface (0.0.0.0, ::), it answers on each of this machine's addresses and its host name.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const own = WILDCARDS.includes(bindHost) ? [...networkAddresses(), os.hostname()] : [bindHost];
  for (const name of own)
    if (!['127.0.0.1', 'localhost', '::1'].includes(name)) names.add(`${bracketed(name)}:${port}`);
  return names;
}

/** The address to print for a bound host: for every interface, the first of this machine's addresses (IPv4 first). */
export function shownAddress(bindHost: string): string {
  if (!WILDCARDS.includes(bindHost)) return bracketed(bindHost);
  const addresses = networkAddresses().sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  return bracketed(addresses[0] ?? '127.0.0.1');
}

export function isAllowedOrigin(origin: string | undefined, hosts: Set<string>): boolean {
  if (origin === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && hosts.has(url.host);
}
