import type { Command } from 'commander';
import type { PaperSummary } from '../../contract/ops/library.js';
import { openCore } from '../../core/index.js';
import { oneLine, printValue, unwrap, type OutputOptions } from '../output.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

function describe(papers: PaperSummary[]): string {
  if (papers.length === 0) return 'The library is empty. Add papers with: scholium import <files or folders>';
  return papers
    .map((p) => {
      const authors = p.authors.length > 2 ? `${p.authors[0]} et al.` : p.authors.join(' and ');
      return `${p.paperId}  ${p.year ?? '----'}  ${oneLine(p.title)}${authors === '' ? '' : ` — ${oneLine(authors)}`} (${p.pages} pages, ${p.passages} passages)`;
    })
    .join('\n');
}

export function registerPapersCommand(program: Command, globals: Globals): void {
  program
    .command('papers')
    .description('list the papers in the library, newest first')
    .option('--collection <id>', 'only the papers of one collection')
    .action(async (cmd: { collection?: string }) => {
      const { libraryDir, output } = globals();
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        const papers = unwrap(
          await core.invoke('library.papers', cmd.collection === undefined ? {} : { collectionId: cmd.collection }),
        );
        printValue(output, papers, describe);
      } finally {
        await core.close();
      }
    });
}
