/**
 * npm run bench -- chaos: replays the probes of issue 18 (hostile requests and frames against a real `scholium
 * serve`, restore racing an import, lying and damaged backups, two imports at once, terminal escapes, LAN serving,
 * wrong models) and kills real CLI processes with SIGKILL at 10 points of an import and 10 of a restore. Reports
 * probes held, crashes (a server that died, a command that failed with an unexpected error or left a library that
 * does not open) and papers lost. Writes bench/results/chaos.md and .json.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ftsMismatch,
  partialPapers,
  repoRoot,
  runCli,
  startCli,
  withDatabase,
} from '../tests/integration/library/cliProcess.js';
import { machine } from './importRun.js';
import { probes, type ProbeResult } from './chaosProbes.js';

const scifact = path.resolve(repoRoot, '../shared/datasets/scifact/corpus.jsonl');
const results = path.join(repoRoot, 'bench', 'results');
const work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'scholium-chaos-'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface KillPoint {
  phase: 'import' | 'restore';
  at: string;
  papersAfter: number;
  expected: number[];
  lost: number;
  crashed: boolean;
  note: string;
}

function slice(name: string, from: number, to: number): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, fs.readFileSync(scifact, 'utf8').split('\n').slice(from, to).join('\n'));
  return file;
}

/** Papers in a library, or -1 when it cannot be read (absent, not migrated, damaged). */
function paperCount(dir: string): number {
  try {
    return withDatabase(dir, (db) => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);
  } catch {
    return -1;
  }
}

function intact(dir: string): boolean {
  return withDatabase(
    dir,
    (db) =>
      db.pragma('integrity_check', { simple: true }) === 'ok' &&
      partialPapers(db).length === 0 &&
      ftsMismatch(db) === 0,
  );
}

async function importKill(docs: string, total: number, killAt: number): Promise<KillPoint> {
  const dir = path.join(work, `import-${killAt}`);
  const run = startCli(dir, ['--json', 'import', docs]);
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && paperCount(dir) < killAt) await sleep(5);
  run.child.kill('SIGKILL');
  const killed = await run.done;
  const before = paperCount(dir);
  const resumed = await runCli(dir, ['--json', 'import', docs]);
  const after = paperCount(dir);
  const crashed = resumed.code !== 0 || resumed.stderr.includes('Unexpected error') || !intact(dir);
  return {
    phase: 'import',
    at: `${killAt} papers committed (${before} when killed${killed.signal === 'SIGKILL' ? '' : ', had ended'})`,
    papersAfter: after,
    expected: [total],
    lost: Math.max(0, total - after),
    crashed,
    note: resumed.stderr.trim().split('\n')[0] ?? '',
  };
}

/** Starts a restore and kills it `delayMs` after it took the library (its restoring.json appeared). */
async function restoreKill(template: string, backup: string, counts: number[], delayMs: number): Promise<KillPoint> {
  const dir = path.join(work, `restore-${delayMs}`);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(template, 'library.sqlite'), path.join(dir, 'library.sqlite'));
  const run = startCli(dir, ['restore', backup]);
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && !fs.existsSync(path.join(dir, 'restoring.json'))) await sleep(1);
  await sleep(delayMs);
  run.child.kill('SIGKILL');
  const killed = await run.done;
  const next = await runCli(dir, ['--json', 'papers']);
  const listed = Array.isArray(next.json) ? next.json.length : -1;
  const after = paperCount(dir);
  const crashed = next.code !== 0 || next.stderr.includes('Unexpected error') || !intact(dir) || listed !== after;
  const leftovers = fs.readdirSync(dir).filter((f) => f.includes('.restoring-') || f === 'restoring.json');
  return {
    phase: 'restore',
    at: `${delayMs} ms into it${killed.signal === 'SIGKILL' ? '' : ' (had ended)'}`,
    papersAfter: after,
    expected: counts,
    lost: counts.includes(after) ? 0 : Math.min(...counts.map((c) => Math.abs(c - after))),
    crashed: crashed || leftovers.length > 0,
    note: next.stderr.trim().split('\n')[0] ?? '',
  };
}

/** How long a restore holds the library (restoring.json present), from an uninterrupted run. */
async function restoreWindowMs(template: string, backup: string): Promise<number> {
  const dir = path.join(work, 'calibration');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(template, 'library.sqlite'), path.join(dir, 'library.sqlite'));
  const claim = path.join(dir, 'restoring.json');
  const run = startCli(dir, ['restore', backup]);
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && !fs.existsSync(claim)) await sleep(1);
  const from = performance.now();
  while (!ended && fs.existsSync(claim)) await sleep(1);
  const whole = await run.done;
  if (whole.code !== 0) throw new Error(`the uninterrupted restore failed: ${whole.stderr}`);
  return performance.now() - from;
}

async function main(): Promise<void> {
  if (!fs.existsSync(scifact)) throw new Error(`the chaos bench needs ${scifact}`);
  const started = performance.now();
  console.log('probes…');
  const probeResults: ProbeResult[] = await probes(work, (from, to) => slice(`probe-${from}-${to}.jsonl`, from, to));

  console.log('kill -9 during imports…');
  const docs = slice('import-600.jsonl', 0, 600);
  const kills: KillPoint[] = [];
  for (let i = 0; i < 10; i += 1) kills.push(await importKill(docs, 600, i * 60));

  console.log('kill -9 during restores…');
  const current = path.join(work, 'current');
  const backupLib = path.join(work, 'backup-lib');
  await runCli(current, ['--json', 'import', slice('current.jsonl', 600, 900)]);
  await runCli(backupLib, ['--json', 'import', slice('backup.jsonl', 900, 3900)]);
  const backup = path.join(work, 'backup.sqlite');
  await runCli(backupLib, ['backup', backup]);
  const restoreMs = await restoreWindowMs(current, backup);
  for (let i = 0; i < 10; i += 1)
    kills.push(await restoreKill(current, backup, [300, 3000], Math.round((restoreMs * i) / 9)));

  const held = probeResults.filter((p) => p.held).length;
  const crashes = probeResults.filter((p) => p.crashed).length + kills.filter((k) => k.crashed).length;
  const lost = kills.reduce((n, k) => n + k.lost, 0);
  const summary = {
    machine: machine(),
    date: new Date().toISOString(),
    probesHeld: held,
    probes: probeResults.length,
    killPoints: kills.length,
    crashes,
    papersLost: lost,
    restoreMs: Math.round(restoreMs),
    seconds: Math.round((performance.now() - started) / 1000),
  };
  fs.mkdirSync(results, { recursive: true });
  // The messages quote paths in this run's temporary folder: the reports name it <work>, so they hold no machine's paths.
  const portable = (text: string): string => text.replaceAll(work, '<work>');
  fs.writeFileSync(
    path.join(results, 'chaos.json'),
    portable(`${JSON.stringify({ ...summary, probeResults, kills }, null, 2)}\n`),
  );
  const md = [
    '# Chaos benchmark',
    '',
    `${summary.machine}; ${summary.date.slice(0, 10)}; ${summary.seconds} s. Real \`scholium\` processes (serve, import, restore, papers) from the sources, a real SQLite library, SciFact documents as JSONL.`,
    '',
    `**Probes held: ${held}/${probeResults.length}. Crashes: ${crashes}. Papers lost: ${lost}** (over ${kills.length} kill -9 points).`,
    '',
    '| probe | held | what happened |',
    '|---|---|---|',
    ...probeResults.map(
      (p) =>
        `| ${p.name} | ${p.held ? 'yes' : '**no**'}${p.crashed ? ' (crash)' : ''} | ${p.detail.replace(/\|/g, '\\|')} |`,
    ),
    '',
    `Kill points: an import of 600 documents killed once N papers were committed, then run again; a restore of a 3,000-paper backup over a 300-paper library killed at 10 moments spread over the ${summary.restoreMs} ms an uninterrupted one holds the library (from taking it to releasing it), then \`scholium papers\`.`,
    '',
    '| phase | killed at | papers after | expected | lost | crash | next command said |',
    '|---|---|---|---|---|---|---|',
    ...kills.map(
      (k) =>
        `| ${k.phase} | ${k.at} | ${k.papersAfter} | ${k.expected.join(' or ')} | ${k.lost} | ${k.crashed ? '**yes**' : 'no'} | ${k.note.replace(/\|/g, '\\|').slice(0, 120)} |`,
    ),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, 'chaos.md'), portable(md));
  console.log(portable(md));
  fs.rmSync(work, { recursive: true, force: true });
  if (held < probeResults.length || crashes > 0 || lost > 0) process.exitCode = 1;
}

await main();
