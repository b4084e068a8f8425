import fs from 'node:fs';
import path from 'node:path';
import type { DocumentFormat } from '../store/paperStore.js';
import { describeFsError } from './fileProbe.js';

export interface Candidate {
  path: string;
  format: DocumentFormat;
}

export interface Discovery {
  files: Candidate[];
  skipped: { file: string; reason: string }[];
  failed: { file: string; error: string; code: string }[];
}

const FORMATS: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.jsonl': 'jsonl',
};

/** The import format a file name says, or null for anything else. */
export function formatOf(file: string): DocumentFormat | null {
  return FORMATS[path.extname(file).toLowerCase()] ?? null;
}

/**
 * Expands files and folders (recursively, in name order, hidden entries left
 * out, each real folder visited once even through symlink loops) into the
 * documents to import; everything else is reported by name with the reason.
 */
export function discover(paths: readonly string[]): Discovery {
  const result: Discovery = { files: [], skipped: [], failed: [] };
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();

  const visit = (target: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch (error) {
      const { code, message } = describeFsError(error, target);
      result.failed.push({ file: target, error: message, code });
      return;
    }
    if (stat.isDirectory()) {
      const real = fs.realpathSync(target);
      if (visitedDirs.has(real)) return;
      visitedDirs.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(target).sort();
      } catch (error) {
        const { code, message } = describeFsError(error, target);
        result.failed.push({ file: target, error: message, code });
        return;
      }
      for (const entry of entries) if (!entry.startsWith('.')) visit(path.join(target, entry));
      return;
    }
    const format = formatOf(target);
    if (format === null) {
      const ext = path.extname(target);
      result.skipped.push({
        file: target,
        reason: `Not a document Scholium imports (${ext === '' ? 'no file extension' : ext}); it reads PDF, plain text (.txt), Markdown (.md) and JSONL files.`,
      });
      return;
    }
    if (seen.has(target)) return;
    seen.add(target);
    // A FIFO or device with a document's name is kept: the import reports it as unreadable, by name.
    result.files.push({ path: target, format });
  };

  for (const p of paths) visit(path.resolve(p));
  return result;
}
