import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { describeRate, type JobSnapshot } from '../../contract/index.js';
import type { ImportReport } from '../../contract/ops/library.js';
import { openCore, type Core } from '../../core/index.js';
import { oneLine, printValue, unwrap, type OutputOptions } from '../output.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

/**
 * Waits for a job, drawing a progress bar on a terminal (never in --json
 * mode or when stderr is not a TTY); Ctrl-C cancels the job instead of
 * killing the process, so what was done stays consistent.
 */
export async function followJob(core: Core, jobId: string, output: OutputOptions, label: string): Promise<JobSnapshot> {
  const bar =
    !output.json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {rate}{message}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(1, 0, { message: '', rate: '' });
  const stop = core.onBroadcast((event) => {
    if (event.channel !== 'job' || event.jobId !== jobId || bar === null) return;
    bar.setTotal(Math.max(1, event.job.total ?? 1));
    const rate = event.job.rate === undefined ? '' : describeRate(event.job.rate);
    bar.update(event.job.done, {
      message: oneLine(event.job.message.slice(0, 60)),
      rate: rate === '' ? '' : `${rate} · `,
    });
  });
  const cancel = (): void => void core.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  try {
    return await core.jobs.wait(jobId);
  } finally {
    process.removeListener('SIGINT', cancel);
    stop();
    bar?.stop();
  }
}

/** The report as `scholium import --json` prints it: the four lists first, then the bookkeeping. */
function summary(report: ImportReport): ImportReport {
  const { imported, duplicates, skipped, failed, ...rest } = report;
  return { imported, duplicates, skipped, failed, ...rest };
}

function describe(report: ImportReport): string {
  const pages = report.imported.reduce((n, i) => n + i.pages, 0);
  const passages = report.imported.reduce((n, i) => n + i.passages, 0);
  const lines = [
    `Imported ${report.imported.length} ${report.imported.length === 1 ? 'document' : 'documents'} (${pages} pages, ${passages} passages)` +
      `${report.duplicates.length > 0 ? `; ${report.duplicates.length} duplicate(s) noted` : ''}` +
      `${report.skipped.length > 0 ? `; ${report.skipped.length} skipped` : ''}` +
      `${report.failed.length > 0 ? `; ${report.failed.length} failed` : ''}` +
      `${report.removed.length > 0 ? `; ${report.removed.length} removed` : ''}.`,
  ];
  if (report.state === 'cancelled')
    lines.push(`Cancelled with ${report.pending} file(s) not imported; run the same import again to finish it.`);
  for (const d of report.duplicates) lines.push(`  duplicate  ${oneLine(d.file)} (same file as ${d.duplicateOf})`);
  for (const s of report.skipped) lines.push(`  skipped    ${oneLine(s.file)}: ${oneLine(s.reason)}`);
  for (const f of report.failed) lines.push(`  failed     ${oneLine(f.file)}: ${oneLine(f.error)}`);
  return lines.join('\n');
}

/** Runs an import to its end (and the embedding it starts), then prints its report. */
export async function importAndReport(core: Core, paths: string[], output: OutputOptions): Promise<ImportReport> {
  const { jobId } = unwrap(await core.invoke('library.import', { paths }));
  const job = await followJob(core, jobId, output, 'Importing');
  if (job.state === 'failed') {
    const reason = (job.error ?? 'unknown error').replace(/\.$/, '');
    process.stderr.write(`scholium: the import stopped: ${reason}. Run the same import again to resume it.\n`);
  }
  const report = unwrap(await core.invoke('library.importReport', { jobId }));
  const embedding = unwrap(await core.invoke('library.embeddingStatus', {}));
  if (job.state === 'done' && embedding.jobId !== null) await followJob(core, embedding.jobId, output, 'Embedding');
  return report;
}

export function registerImportCommand(program: Command, globals: Globals): void {
  program
    .command('import <paths...>')
    .description(
      'import PDFs, text/Markdown and JSONL documents (files or folders, recursively); re-running an interrupted import resumes it',
    )
    .option('--watch', 'keep watching the folders and import new, changed and removed files until Ctrl-C')
    .action(async (paths: string[], cmd: { watch?: boolean }) => {
      const { libraryDir, output } = globals();
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        const report = await importAndReport(core, paths, output);
        // With --watch, --json output is a stream of one-line summaries (JSON Lines), this first one included.
        if (cmd.watch === true && output.json) process.stdout.write(`${JSON.stringify(summary(report))}\n`);
        else printValue(output, summary(report), describe);
        if (report.failed.length > 0 || report.state !== 'done') process.exitCode = 1;
        if (cmd.watch === true) await watchUntilInterrupted(core, paths, output);
      } finally {
        await core.close();
      }
    });
}

async function watchUntilInterrupted(core: Core, paths: string[], output: OutputOptions): Promise<void> {
  const folders = paths
    .map((p) => path.resolve(p))
    .filter((p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true);
  if (folders.length === 0) {
    process.stderr.write('scholium: --watch needs at least one folder to watch.\n');
    process.exitCode = 1;
    return;
  }
  const rescans = new Set<string>();
  const stop = core.onBroadcast((event) => {
    if (event.channel !== 'job' || event.job.kind !== 'import' || event.type === 'progress' || rescans.has(event.jobId))
      return;
    rescans.add(event.jobId);
    void core.invoke('library.importReport', { jobId: event.jobId }).then((r) => {
      if (
        !r.ok ||
        r.value.imported.length + r.value.removed.length + r.value.failed.length + r.value.duplicates.length === 0
      )
        return;
      if (output.json) process.stdout.write(`${JSON.stringify(summary(r.value))}\n`);
      else printValue(output, r.value, describe);
    });
  });
  for (const folder of folders) unwrap(await core.invoke('library.watch', { path: folder }));
  if (!output.json) process.stderr.write(`Watching ${folders.join(', ')} (Ctrl-C to stop).\n`);
  // The watchers do not hold the process open by themselves; this timer does, until Ctrl-C.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  clearInterval(keepAlive);
  stop();
}
