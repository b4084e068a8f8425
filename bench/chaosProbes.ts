/** The probes of issue 18, each against real processes: did the defence hold, and did anything crash? */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { API_PATH, TOKEN_PARAM } from '../electron/contract/index.js';
import { writeTinyReranker } from '../tests/fixtures/gguf/tinyModels.js';
import { startServe, type ServeProcess } from '../tests/integration/host/serveProcess.js';
import { runCli, startCli, withDatabase } from '../tests/integration/library/cliProcess.js';

export interface ProbeResult {
  name: string;
  held: boolean;
  crashed: boolean;
  detail: string;
}

type Slice = (from: number, to: number) => string;
const CONTROL = /(?!\n)\p{Cc}/u;

function status(url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });
}

/** Sends one frame and resolves with the close code the server answered with (0: no close within 10 s). */
async function frameCloseCode(serve: ServeProcess, send: (ws: WebSocket) => void): Promise<number> {
  const url = new URL(API_PATH, `ws://127.0.0.1:${serve.port}`);
  url.searchParams.set(TOKEN_PARAM, serve.token);
  const ws = new WebSocket(url, { headers: { Origin: `http://127.0.0.1:${serve.port}` } });
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  const code = new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
  send(ws);
  return Promise.race([code, new Promise<number>((r) => setTimeout(() => r(0), 10_000))]);
}

const papers = (dir: string): number =>
  withDatabase(dir, (db) => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);

async function serveProbes(work: string): Promise<ProbeResult[]> {
  const serve = await startServe(path.join(work, 'serve'));
  const out: ProbeResult[] = [];
  const alive = async (): Promise<boolean> =>
    !serve.exited() && (await status(new URL(`http://127.0.0.1:${serve.port}/`))) !== 0;
  const probe = async (name: string, run: () => Promise<string>, expected: string): Promise<void> => {
    const got = await run();
    const up = await alive();
    out.push({
      name,
      held: got === expected && up,
      crashed: !up,
      detail: `${got}; server ${up ? 'still serving' : 'DIED'}`,
    });
  };
  await probe(
    'GET /%FF without a token',
    async () => `HTTP ${await status(new URL(`http://127.0.0.1:${serve.port}/%FF`))}`,
    'HTTP 400',
  );
  await probe(
    'WebSocket text frame of invalid UTF-8 (ff fe 7b)',
    async () =>
      `closed ${await frameCloseCode(serve, (ws) => ws.send(Buffer.from([0xff, 0xfe, 0x7b]), { binary: false }))}`,
    'closed 1007',
  );
  await probe(
    'WebSocket message over 16 MiB',
    async () => `closed ${await frameCloseCode(serve, (ws) => ws.send('x'.repeat(16 * 1024 * 1024 + 1)))}`,
    'closed 1009',
  );
  await serve.stop();
  const lan = await startServe(path.join(work, 'lan'), ['--host', '0.0.0.0']);
  const url = new URL(lan.url);
  const answer = await status(url);
  out.push({
    name: 'serve --host 0.0.0.0: the printed URL answers',
    held: url.hostname !== '0.0.0.0' && answer !== 421 && answer !== 0,
    crashed: lan.exited(),
    detail: `${url.host} answered HTTP ${answer}`,
  });
  await lan.stop();
  return out;
}

async function libraryProbes(work: string, slice: Slice): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  const crashedBy = (stderr: string): boolean => stderr.includes('Unexpected error');

  // Restore while a CLI import runs.
  const racing = path.join(work, 'racing');
  const seed = path.join(work, 'seed');
  await runCli(seed, ['import', slice(3900, 3950)]);
  const backup = path.join(work, 'seed.sqlite');
  await runCli(seed, ['backup', backup]);
  const importing = startCli(racing, ['--json', 'import', slice(3000, 4000)]);
  let importEnded = false;
  void importing.done.then(() => (importEnded = true));
  for (;;) {
    try {
      if (papers(racing) > 0) break;
    } catch {
      // not created yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const restore = await runCli(racing, ['restore', backup]);
  const raced = !importEnded;
  const imported = await importing.done;
  const count = papers(racing);
  out.push({
    name: 'restore during a CLI import',
    held: raced && restore.code === 1 && imported.code === 0 && count === 1000,
    crashed: crashedBy(restore.stderr) || imported.code !== 0,
    detail: `${raced ? '' : 'the import had ended before the restore ran; '}restore exit ${restore.code} (${restore.stderr.trim().slice(0, 90)}…); import exit ${imported.code}; ${count}/1000 papers`,
  });

  // A backup whose user_version is lower than its tables, then a truncated one.
  const lying = path.join(work, 'lying.sqlite');
  fs.copyFileSync(backup, lying);
  const db = new Database(lying);
  db.pragma('user_version = 1');
  db.close();
  const refusedLie = await runCli(racing, ['restore', lying]);
  out.push({
    name: 'restore of a backup whose user_version is below its schema',
    held: refusedLie.code === 1 && papers(racing) === 1000 && (await runCli(racing, ['papers'])).code === 0,
    crashed: crashedBy(refusedLie.stderr),
    detail: refusedLie.stderr.trim().slice(0, 140),
  });
  const partial = path.join(work, 'partial.sqlite');
  fs.copyFileSync(backup, partial);
  fs.truncateSync(partial, Math.floor(fs.statSync(partial).size / 2));
  const refusedPartial = await runCli(racing, ['restore', partial]);
  out.push({
    name: 'restore of a truncated backup',
    held: refusedPartial.code === 1 && !refusedPartial.stderr.includes('readonly') && papers(racing) === 1000,
    crashed: crashedBy(refusedPartial.stderr),
    detail: refusedPartial.stderr.trim().slice(0, 140),
  });

  // Two imports into one new library at once.
  const twice = path.join(work, 'twice');
  const both = await Promise.all(
    [slice(4600, 4750), slice(4750, 4900)].map((f) => startCli(twice, ['--json', 'import', f]).done),
  );
  const failed = both.flatMap((r) => {
    try {
      return (JSON.parse(r.stdout) as { failed: { error: string }[] }).failed.map((f) => f.error);
    } catch {
      return [r.stderr.trim()];
    }
  });
  out.push({
    name: 'two imports into one new library at once',
    held: failed.length === 0 && papers(twice) === 300,
    crashed: both.some((r) => r.code !== 0 && crashedBy(r.stderr)),
    detail: failed.length === 0 ? `both done, ${papers(twice)}/300 papers` : failed[0]!.slice(0, 140),
  });

  // Terminal escapes in a title, a one-line .txt, a dash and a blank query.
  const docs = path.join(work, 'docs');
  fs.mkdirSync(docs);
  fs.writeFileSync(
    path.join(docs, 'hostile.md'),
    '# Pwned \u001b]0;owned\u0007\u001b[2J title\n\nThe data were calibrated.\n',
  );
  fs.writeFileSync(path.join(docs, 'note.txt'), 'Remember to calibrate the loudness meter data.\n');
  const plain = path.join(work, 'plain');
  const importedDocs = await runCli(plain, ['--json', 'import', docs]);
  const report = importedDocs.json as { imported: unknown[]; failed: unknown[] } | null;
  out.push({
    name: 'a one-line .txt',
    held: report !== null && report.imported.length === 2 && report.failed.length === 0,
    crashed: crashedBy(importedDocs.stderr),
    detail: `${report?.imported.length ?? 0} imported, ${report?.failed.length ?? '?'} failed`,
  });
  const listed = await runCli(plain, ['papers']);
  out.push({
    name: 'terminal escapes in a title (papers)',
    held: listed.code === 0 && !CONTROL.test(listed.stdout),
    crashed: crashedBy(listed.stderr),
    detail: JSON.stringify(listed.stdout.split('\n').find((l) => l.includes('Pwned')) ?? '').slice(0, 140),
  });
  const dash = await runCli(plain, ['search', '-data']);
  out.push({
    name: 'search "-data"',
    held: dash.code === 0 && !CONTROL.test(dash.stdout),
    crashed: crashedBy(dash.stderr),
    detail: `exit ${dash.code} ${dash.stderr.trim().slice(0, 100)}`,
  });
  const blank = await runCli(plain, ['search', '   ']);
  out.push({
    name: 'a blank search query',
    held: blank.code === 1 && !blank.stderr.includes('Too small'),
    crashed: crashedBy(blank.stderr),
    detail: blank.stderr.trim(),
  });

  // Wrong models.
  const reranker = writeTinyReranker(path.join(work, 'tiny-reranker.gguf'));
  const asked = await runCli(plain, ['ask', 'What was calibrated?', '--model', reranker]);
  out.push({
    name: 'a model that cannot chat as ask --model',
    held: asked.code === 1 && asked.stderr.includes('cannot serve as the chat model'),
    crashed: crashedBy(asked.stderr),
    detail: asked.stderr.trim().split('\n').at(-1)!.slice(0, 140),
  });
  const fifo = path.join(work, 'pipe.gguf');
  execFileSync('mkfifo', [fifo]);
  const piped = await runCli(plain, ['models', 'add', fifo]);
  out.push({
    name: 'a pipe named .gguf',
    held: piped.code === 1 && !piped.stderr.includes('folder'),
    crashed: crashedBy(piped.stderr),
    detail: piped.stderr.trim().slice(0, 140),
  });

  // A damaged database.
  const damaged = path.join(work, 'damaged');
  fs.mkdirSync(damaged);
  fs.writeFileSync(path.join(damaged, 'library.sqlite'), Buffer.alloc(8192, 0x5a));
  const opened = await runCli(damaged, ['doctor']);
  out.push({
    name: 'a damaged library database (doctor)',
    held: opened.code === 1 && opened.stderr.includes('scholium restore'),
    crashed: crashedBy(opened.stderr),
    detail: opened.stderr.trim().slice(0, 140),
  });
  return out;
}

export async function probes(work: string, slice: Slice): Promise<ProbeResult[]> {
  return [...(await serveProbes(work)), ...(await libraryProbes(work, slice))];
}
