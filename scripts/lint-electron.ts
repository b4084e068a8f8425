/**
 * Electron hardening lint: runs Electronegativity over the Electron code and
 * fails on any HIGH finding; lower findings are printed for review.
 * Usage: tsx scripts/lint-electron.ts [folder, default electron/]
 *
 * Its programmatic entry is used because its CLI needs commander ≤ 6 without
 * declaring it (ours is 14). Electron's version is given, as the tool cannot
 * read it offline, and the tool runs under Scholium's own network guard: its
 * attempts to fetch translations and Electron's release list fail at once
 * instead of leaving the machine.
 */
import path from 'node:path';
import run from '@doyensec/electronegativity';
import { installNetworkGuard } from '../electron/core/platform/networkGuard.js';

const ELECTRON_VERSION = '45.4.1';
const input = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'electron'));

installNetworkGuard();
const { issues, errors } = await run({ input, electronVersionOverride: ELECTRON_VERSION, isRelative: true });
const order = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
issues.sort((a, b) => order.indexOf(a.severity.name) - order.indexOf(b.severity.name));
for (const issue of issues) {
  const where =
    issue.file === 'N/A'
      ? '(whole app)'
      : `${path.join(path.relative(process.cwd(), input), issue.file)}:${issue.location.line}`;
  console.log(
    `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id.padEnd(28)} ${where}${issue.manualReview ? '  (review)' : ''}`,
  );
}
const high = issues.filter((issue) => issue.severity.name === 'HIGH');
if (errors.length > 0) console.error(`Electronegativity could not parse ${errors.length} file(s).`);
console.log(`Electronegativity (Electron ${ELECTRON_VERSION}): ${issues.length} finding(s), ${high.length} HIGH.`);
if (high.length > 0 || errors.length > 0) process.exit(1);
