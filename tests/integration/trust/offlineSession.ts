/**
 * A whole Scholium session in one process, for offline.test.ts to run inside
 * a network namespace with only loopback: import papers (real PDFs and
 * Markdown), embed them with a tiny local model, ask it, serve the UI and use
 * it over loopback. Prints one JSON line: what happened and every network
 * attempt the guard recorded.
 *   tsx tests/integration/trust/offlineSession.ts <work folder> <corpus folder>
 */
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { unwrap } from '../../../electron/cli/output.js';
import { API_PATH, TOKEN_PARAM } from '../../../electron/contract/index.js';
import { Core } from '../../../electron/core/core.js';
import { installNetworkGuard, networkAttempts } from '../../../electron/core/platform/networkGuard.js';
import { startHost } from '../../../electron/host/server.js';
import { rendererDir } from '../../../native/appPaths.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { PAPERS } from '../ask/askLibrary.js';

const [work, corpus] = process.argv.slice(2) as [string, string];
installNetworkGuard();

const papers = path.join(work, 'papers');
fs.mkdirSync(papers, { recursive: true });
for (const [name, text] of Object.entries(PAPERS)) fs.writeFileSync(path.join(papers, name), text);
for (const pdf of ['loudness-meter.pdf', 'tb87nemeth.pdf'])
  fs.copyFileSync(path.join(corpus, pdf), path.join(papers, pdf));

const core = Core.open({
  libraryDir: path.join(work, 'library'),
  mode: 'host',
  models: { gpu: false, threads: 1, contextTokens: 2048 },
});
const model = unwrap(
  await core.invoke('models.add', {
    path: writeTinyLlama(path.join(work, 'tiny.gguf'), { contextLength: 2048 }),
    name: 'tiny',
  }),
);
const embedder = unwrap(
  await core.invoke('models.add', {
    path: writeTinyLlama(path.join(work, 'tiny-embedder.gguf'), { contextLength: 2048, pooling: true }),
    name: 'tiny-embedder',
  }),
);
unwrap(await core.invoke('models.setDefault', { role: 'embedding', modelId: embedder.modelId }));
const { jobId } = unwrap(await core.invoke('library.import', { paths: [papers] }));
await core.jobs.wait(jobId);
const report = unwrap(await core.invoke('library.importReport', { jobId }));
// Embedding runs as its own job after the import; wait until every passage has a vector.
let embedding = unwrap(await core.invoke('library.embeddingStatus', {}));
for (let tries = 0; tries < 600 && embedding.embedded < embedding.passages; tries++) {
  await new Promise((r) => setTimeout(r, 100));
  embedding = unwrap(await core.invoke('library.embeddingStatus', {}));
}
const answer = unwrap(
  await core.invoke('ask.ask', {
    requestId: 'offline-1',
    question: 'How are nested loops recorded in trace trees?',
    modelId: model.modelId,
  }),
);

const host = await startHost({ core, staticDir: rendererDir() });
const page = await fetch(host.url);
const html = await page.text();
// The UI's own channel: the contract over the host's WebSocket, as the page uses it.
const viaUi = await new Promise<unknown>((resolve, reject) => {
  const url = new URL(API_PATH, host.url.replace(/^http/, 'ws'));
  url.searchParams.set(TOKEN_PARAM, host.token);
  const ws = new WebSocket(url, { headers: { Origin: new URL(host.url).origin } });
  ws.on('open', () =>
    ws.send(
      JSON.stringify({ kind: 'invoke', id: 1, op: 'ask.search', payload: { query: 'write-ahead logging', k: 3 } }),
    ),
  );
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { kind: string; id?: number };
    if (message.kind === 'result' && message.id === 1) {
      ws.close();
      resolve(message);
    }
  });
  ws.on('error', reject);
});
await host.close();
const attemptsDuringSession = [...networkAttempts()];

// Control: the guard does see an outbound attempt (and the namespace could not carry it anyway).
const control = await fetch('https://example.org/').then(
  () => 'connected',
  (e: unknown) => String((e as { cause?: unknown }).cause ?? e),
);
await core.close();

console.log(
  JSON.stringify({
    imported: report.imported.map((i) => ({ file: path.basename(i.file), pages: i.pages, passages: i.passages })),
    failed: report.failed,
    embedding,
    answer: { mode: answer.mode, passages: answer.passages.length, model: answer.model?.id ?? null },
    page: { status: page.status, html: html.slice(0, 200) },
    viaUi,
    attemptsDuringSession,
    control: { result: control, recorded: networkAttempts().slice(attemptsDuringSession.length) },
  }),
);
