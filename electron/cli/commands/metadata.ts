import path from 'node:path';
import type { Command } from 'commander';
import type { ImportReport, MetadataImportResult } from '../../contract/ops/library.js';
import { ScholiumError } from '../../contract/index.js';
import { openCore } from '../../core/index.js';
import { printValue, unwrap, type OutputOptions } from '../output.js';
import { importAndReport } from './import.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

type Outcome = MetadataImportResult & {
  attachmentsImport: Pick<ImportReport, 'imported' | 'duplicates' | 'skipped' | 'failed'> | null;
};

function describe(r: Outcome): string {
  const changed = r.matched.filter((m) => m.fields.length > 0).length;
  const lines = [
    `Read ${r.entries} ${r.source === 'zotero' ? 'Zotero items' : 'entries'}: ${r.matched.length} matched a paper (${changed} updated), ${r.unmatched.length} did not.`,
  ];
  if (r.attachmentsImport !== null)
    lines.push(
      `Imported ${r.attachmentsImport.imported.length} Zotero attachment(s); ${r.attachmentsImport.failed.length} failed.`,
    );
  if (r.collections.length > 0)
    lines.push(`Collections: ${r.collections.map((c) => `${c.name} (${c.paperCount})`).join(', ')}.`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

export function registerMetadataCommands(program: Command, globals: Globals): void {
  const metadata = program.command('metadata').description('bibliographic metadata of the papers');
  metadata
    .command('import [source]')
    .description(
      'attach metadata from a BibTeX (.bib) or CSL-JSON (.json) file or a Zotero data folder (its PDFs are imported too); matched by file, DOI, then title',
    )
    .option('--zotero-api', 'read the running Zotero through its local API (127.0.0.1) instead of a file')
    .action(async (source: string | undefined, cmd: { zoteroApi?: boolean }) => {
      const { libraryDir, output } = globals();
      if ((source === undefined) === (cmd.zoteroApi !== true))
        throw new ScholiumError(
          'INVALID_REQUEST',
          'Name one source: a .bib or .json file, a Zotero data folder, or --zotero-api.',
        );
      const request = source === undefined ? { zoteroApi: true as const } : { path: path.resolve(source) };
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        let result = unwrap(await core.invoke('library.importMetadata', request));
        let attachmentsImport: Outcome['attachmentsImport'] = null;
        // Zotero's PDFs not yet in the library: import them, then match again so they get Zotero's metadata and
        // collections.
        if (result.attachments.length > 0) {
          const report = await importAndReport(core, result.attachments, output);
          attachmentsImport = {
            imported: report.imported,
            duplicates: report.duplicates,
            skipped: report.skipped,
            failed: report.failed,
          };
          result = unwrap(await core.invoke('library.importMetadata', request));
        }
        printValue(output, { ...result, attachmentsImport }, describe);
      } finally {
        await core.close();
      }
    });
}
