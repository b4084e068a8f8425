import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.js';
import { TINY, tinyVocab, writeForcingAdapter, writeTinyLlama } from '../fixtures/gguf/tinyModels.js';

/** Real test data, read in place from ../shared (never copied into the project). */
export const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');

/**
 * The built `scholium` command on a library (e.g. the served one: work done from a terminal, then checked in the app);
 * its --json output.
 */
export function scholium(libraryDir: string, args: string[]): unknown {
  const bin = path.resolve(import.meta.dirname, '../../bin/scholium.js');
  return JSON.parse(
    execFileSync(process.execPath, [bin, '--json', '--library', libraryDir, ...args], { encoding: 'utf8' }),
  );
}

/** A temporary folder holding `files` (name → bytes or text); remove it with fs.rmSync when done. */
export function tempFolder(files: Record<string, Buffer | string>, prefix = 'scholium-e2e-files-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

export async function openLibrary(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
}

/** Imports a file or folder by its path on this computer, through the Library's path box. */
export async function importPath(page: Page, target: string, options: { watch?: boolean } = {}): Promise<void> {
  await page.getByRole('textbox', { name: 'File or folder path on this computer' }).fill(target);
  if (options.watch === true) await page.getByRole('checkbox', { name: 'Keep watching' }).check();
  await page.getByRole('button', { name: 'Import path' }).click();
}

/** Markdown papers with a heading title and a few paragraphs, for imports that need no PDF extraction. */
export function markdownPaper(title: string, paragraphs: string[]): string {
  return `# ${title}\n\n${paragraphs.join('\n\n')}\n`;
}

/** The id of the paper a Library row links to (the only row, or the one with this title). */
export async function paperIdOf(page: Page, title?: string | RegExp): Promise<string> {
  const rows = page.getByTestId('paper-row');
  const link = title === undefined ? rows.getByRole('link') : rows.getByRole('link', { name: title });
  const href = await link.getAttribute('href');
  return decodeURIComponent(href!.split('/').pop()!);
}

/** Imports a file or folder by path and waits for its report and for the Library to list `papers` papers. */
export async function importAndWait(page: Page, target: string, papers: number): Promise<void> {
  await importPath(page, target);
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('paper-row')).toHaveCount(papers);
}

/** A library of the three Markdown papers, then the Ask view. */
export async function askLibrary(page: Page, url: string): Promise<void> {
  const dir = tempFolder(MARKDOWN_PAPERS);
  try {
    await openLibrary(page, url);
    await importAndWait(page, dir, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await page.getByRole('link', { name: 'Ask', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask' })).toBeVisible();
}

/** Three short papers on unrelated topics, as Markdown: asking needs no PDF extraction. */
export const MARKDOWN_PAPERS: Record<string, string> = {
  'trace-trees.md': markdownPaper('Trace Trees for Dynamic Languages', [
    '## Abstract',
    'We present a just-in-time compiler for JavaScript that records trace trees of hot loops. The interpreter counts loop iterations, and once a loop becomes hot the recorder follows one iteration and compiles the recorded path into native code.',
    '## 2 Trace Recording',
    'Nested loops are handled by recording an inner tree first and calling it from the outer trace, which keeps the number of traces small. Side exits that become hot are extended into branch traces attached to the same tree.',
  ]),
  'berkeley-db.md': markdownPaper('Transactions in Berkeley DB', [
    '## Abstract',
    'Berkeley DB is an embedded database library that offers transactions with write-ahead logging. Every change is written to the log before the data pages, so recovery after a crash replays committed transactions and undoes uncommitted ones.',
    '## 3 Locking',
    'Concurrency is controlled by two-phase locking at page granularity. A deadlock detector runs periodically and aborts one transaction of each cycle it finds.',
  ]),
  'loudness.md': markdownPaper('Loudness Metering for Broadcast', [
    '## Abstract',
    'Loudness meters following ITU-R BS.1770 measure programme loudness in LUFS with a K-weighting filter and gating.',
  ]),
};

/**
 * A library set for a forced-answer evaluation, made with the CLI: the Markdown papers and the set "Forced answers"
 * (one answerable question whose expected answer is "Paris", one unanswerable); a tiny model and an adapter that makes
 * it say "Paris".
 */
export function forcedAnswers(libraryDir: string): {
  model: string;
  adapter: string;
  adapterName: string;
  cleanup: () => void;
} {
  const papers = tempFolder(MARKDOWN_PAPERS);
  const files = tempFolder({
    'questions.jsonl': [
      JSON.stringify({
        question: 'Which transaction does the deadlock detector abort?',
        expected: 'Paris',
        paper: 'Transactions in Berkeley DB',
      }),
      JSON.stringify({ question: 'What is the boiling point of mercury in kelvin?', unanswerable: true }),
    ].join('\n'),
  });
  const paris = tinyVocab(TINY.vocab, ['Paris']).tokens.indexOf('Paris');
  const model = writeTinyLlama(path.join(files, 'tiny.gguf'), { extraPieces: ['Paris'], contextLength: 2048 });
  const adapter = writeForcingAdapter(path.join(files, 'force.gguf'), { token: paris });
  scholium(libraryDir, ['import', papers]);
  scholium(libraryDir, ['eval', 'import', 'Forced answers', path.join(files, 'questions.jsonl')]);
  return {
    model,
    adapter,
    adapterName: `force-token-${paris}`,
    cleanup: () => {
      for (const dir of [papers, files]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many lines each matched element's text takes on screen (1: it does not wrap). */
export async function lineCounts(cells: Locator): Promise<number[]> {
  return cells.evaluateAll((els) =>
    els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(
        Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)),
      ).size;
    }),
  );
}
