import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { pdfImportProblem } from './hostProbe.js';

/** Real test data, read in place from ../shared (never copied into the project). */
export const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
export const scifactCorpus = path.resolve(import.meta.dirname, '../../../shared/datasets/scifact/corpus.jsonl');

/** A temporary folder holding `files` (name → bytes or text); remove it with fs.rmSync when done. */
export function tempFolder(files: Record<string, Buffer | string>, prefix = 'scholium-e2e-files-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** Skips the calling test, saying why, while this build cannot import a corpus PDF (PDF extraction not landed yet). */
export async function requirePdfImport(): Promise<void> {
  const problem = await pdfImportProblem();
  if (problem !== null) console.warn(`${test.info().title}: skipped, importing a corpus PDF fails: ${problem}`);
  test.info().skip(problem !== null, `PDF import does not work in this build yet (${problem})`);
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
