/**
 * npm run bench [-- name…]: runs every bench/*.bench.ts (or those whose name
 * contains one of the arguments) one after another, each in its own tsx
 * process so one benchmark's memory and threads never weigh on the next.
 * Each writes its own report under bench/results/; this then writes
 * bench/results/README.md, an index with the date and the machine.
 * Exits non-zero when any benchmark failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
const results = path.join(benchDir, 'results');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

const all = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const wanted = process.argv.slice(2);
const chosen = wanted.length === 0 ? all : all.filter((name) => wanted.some((w) => name.includes(w)));
if (chosen.length === 0) {
  console.error(`bench: no benchmark matches ${wanted.join(', ')}; there are: ${all.join(', ')}.`);
  process.exit(1);
}

const outcomes: Outcome[] = [];
for (const name of chosen) {
  console.log(`\n=== ${name} ===`);
  const start = performance.now();
  const run = spawnSync(process.execPath, [tsx, path.join(benchDir, `${name}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = (performance.now() - start) / 1000;
  const ok = run.status === 0;
  outcomes.push({ name, ok, seconds });
  console.log(
    `=== ${name}: ${ok ? 'done' : `FAILED (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`} in ${seconds.toFixed(0)} s ===`,
  );
}

/** The date a report says it was made (its JSON's `date`), else when its file was last written. */
function reportDate(name: string): string {
  const json = path.join(results, `${name}.json`);
  try {
    const date = (JSON.parse(fs.readFileSync(json, 'utf8')) as { date?: unknown }).date;
    if (typeof date === 'string') return date.slice(0, 10);
  } catch {
    // No JSON report or no date in it: fall back to the file's time.
  }
  const md = path.join(results, `${name}.md`);
  return fs.existsSync(md) ? fs.statSync(md).mtime.toISOString().slice(0, 10) : '';
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const now = new Date().toISOString();
const rows = all.map((name) => {
  const outcome = outcomes.find((o) => o.name === name);
  const report = fs.existsSync(path.join(results, `${name}.md`)) ? `[${name}.md](${name}.md)` : '(no report yet)';
  const run =
    outcome === undefined
      ? `not run now (report of ${reportDate(name) || 'unknown date'})`
      : outcome.ok
        ? `ok, ${outcome.seconds.toFixed(0)} s`
        : `FAILED after ${outcome.seconds.toFixed(0)} s`;
  return `| ${name} | ${report} | ${run} |`;
});
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(
  path.join(results, 'README.md'),
  [
    '# Benchmark results',
    '',
    `Last \`npm run bench${wanted.length > 0 ? ` -- ${wanted.join(' ')}` : ''}\`: ${now.slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    `Machine: ${cpu}, ${physicalCoreCount()} physical / ${os.cpus().length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.versions.node}.`,
    '',
    '| benchmark | report | this run |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
console.log(`\nIndex: ${path.relative(root, path.join(results, 'README.md'))}`);
if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
