import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { ScholiumHost } from './fixtures.js';

/**
 * Whether the running host has a working handler for `op`: calls it once
 * with a harmless payload over the API socket. UNKNOWN_OPERATION, or a
 * declared op without a handler, means the service has not landed yet.
 */
export async function hostSupports(host: ScholiumHost, op: string, payload: Record<string, unknown> = {}): Promise<boolean> {
  const url = new URL(host.url);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { headers: { Origin: host.origin } });
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const reply = await new Promise<{ result: { ok: boolean; error?: { code: string; message: string } } }>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { kind: string; id?: number };
        if (message.kind === 'result' && message.id === 1) resolve(message as never);
      });
      ws.send(JSON.stringify({ kind: 'invoke', id: 1, op, payload }));
    });
    const error = reply.result.error;
    return reply.result.ok || (error?.code !== 'UNKNOWN_OPERATION' && !/is not a function/.test(error?.message ?? ''));
  } finally {
    ws.close();
  }
}

/** Whether the host serves library PDFs at /files/<paperId>.pdf (rather than falling back to the app page). */
export async function hostServesFiles(host: ScholiumHost): Promise<boolean> {
  const url = new URL(host.url);
  const res = await fetch(`${host.origin}/files/no-such-paper.pdf?token=${url.searchParams.get('token')}`);
  return !(res.headers.get('content-type') ?? '').startsWith('text/html');
}

let pdfImport: Promise<string | null> | null = null;

/**
 * Whether this build can import a real PDF: one small paper imported with the
 * CLI into a throw-away library (once per test worker). Returns null when it
 * can, or the reason it cannot, e.g. while PDF extraction has not landed.
 */
export function pdfImportProblem(): Promise<string | null> {
  pdfImport ??= (async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const library = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-probe-'));
    try {
      const paper = path.resolve(root, '../shared/corpus/tb87nemeth.pdf');
      const run = spawnSync(process.execPath, [path.join(root, 'bin/scholium.js'), '--json', '--library', library, 'import', paper], { encoding: 'utf8', timeout: 60_000 });
      const report = JSON.parse(run.stdout || '{}') as { imported?: unknown[]; failed?: { error: string }[] };
      if ((report.imported ?? []).length === 1) return null;
      return report.failed?.[0]?.error ?? `scholium import exited ${run.status}: ${run.stderr.slice(0, 300)}`;
    } catch (error) {
      return (error as Error).message;
    } finally {
      fs.rmSync(library, { recursive: true, force: true });
    }
  })();
  return pdfImport;
}
