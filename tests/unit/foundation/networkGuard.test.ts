import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  allowedModelServers,
  allowModelServers,
  allowNetwork,
  installNetworkGuard,
  permitted,
  isLoopback,
  networkAttempts,
} from '../../../electron/core/platform/networkGuard.js';

installNetworkGuard();

function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timed out');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e) => resolve(e.message));
  });
}

describe('offline guard', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.8.9.1', '::1', '[::1]', 'localhost', 'app.localhost', '::ffff:127.0.0.1'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['10.0.0.1', '192.168.1.1', '8.8.8.8', 'example.com', '::ffff:8.8.8.8', '2001:db8::1'])
      expect(isLoopback(h), h).toBe(false);
  });

  it('lets loopback connections through', async () => {
    const server = http.createServer((_q, r) => r.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await connectOutcome('127.0.0.1', port)).toBe('connected');
    server.close();
  });

  it('blocks and records connections and lookups that leave the machine', async () => {
    const before = networkAttempts().length;
    expect(await connectOutcome('203.0.113.7', 443)).toMatch(
      /works offline: a connection to 203\.0\.113\.7:443 was blocked/,
    );
    const lookedUp = await new Promise<string>((resolve) =>
      dns.lookup('huggingface.co', (e) => resolve(e?.message ?? 'resolved')),
    );
    expect(lookedUp).toMatch(/huggingface\.co was blocked/);
    await expect(dns.promises.lookup('example.org')).rejects.toThrow(/example\.org was blocked/);
    const fetched = await fetch('http://198.51.100.9/').then(
      () => 'fetched',
      (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
    );
    expect(fetched).toMatch(/blocked/);
    const recent = networkAttempts().slice(before);
    expect(recent.map((a) => [a.kind, a.target, a.allowed])).toEqual([
      ['connect', '203.0.113.7:443', false],
      ['dns', 'huggingface.co', false],
      ['dns', 'example.org', false],
      ['connect', '198.51.100.9:80', false],
    ]);
  });

  it('records a permitted download as allowed with its reason', async () => {
    const before = networkAttempts().length;
    // TEST-NET-3 is unroutable: the attempt is let through (and fails on its own) but recorded as allowed.
    await allowNetwork('download model', () => connectOutcome('203.0.113.8', 9));
    expect(networkAttempts().slice(before)[0]).toMatchObject({
      kind: 'connect',
      target: '203.0.113.8:9',
      allowed: true,
      reason: 'download model',
    });
  });
});

describe('model servers the user configured', () => {
  it('opens exactly their origins (host and port; the host name for DNS), and closes them again', async () => {
    allowModelServers([new URL('http://gpu-box.lab:8080/v1'), new URL('https://[2001:db8::5]/v1')]);
    expect(allowedModelServers().sort()).toEqual(['http://gpu-box.lab:8080', 'https://[2001:db8::5]']);
    expect(permitted('connect', 'gpu-box.lab:8080')).toBe(
      'model server configured by the user: http://gpu-box.lab:8080',
    );
    expect(permitted('dns', 'GPU-box.lab')).not.toBeNull();
    expect(permitted('connect', '2001:db8::5:443')).not.toBeNull();
    // Another port of the same host, another host, the same port elsewhere: still offline.
    expect(permitted('connect', 'gpu-box.lab:22')).toBeNull();
    expect(permitted('connect', 'gpu-box.lab.evil.example:8080')).toBeNull();
    expect(permitted('connect', '203.0.113.8:8080')).toBeNull();
    expect(permitted('dns', 'example.com')).toBeNull();
    // A connection to a host that is not configured is refused without leaving the machine, and says why.
    expect(await connectOutcome('203.0.113.8', 8080)).toBe(
      'Scholium works offline: a connection to 203.0.113.8:8080 was blocked because no download was requested and no model server there is configured.',
    );
    allowModelServers([]);
    expect(allowedModelServers()).toEqual([]);
    expect(permitted('connect', 'gpu-box.lab:8080')).toBeNull();
    expect(permitted('dns', 'gpu-box.lab')).toBeNull();
  });
});
