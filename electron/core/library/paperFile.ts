import fs from 'node:fs';
import { ScholiumError } from '../../contract/index.js';
import type { PaperDetail } from '../../contract/ops/library.js';

/**
 * The PDF to show for a paper: the first of its recorded files that is still
 * a regular file on disk. Only paths the import recorded are ever returned,
 * so a URL can name a paper but never a path. Shared by the host's /files/
 * route and Electron's scholium://library/ protocol.
 */
export function pdfFileOf(paper: Pick<PaperDetail, 'title' | 'format' | 'files'>): string {
  if (paper.format !== 'pdf') {
    throw new ScholiumError(
      'NOT_FOUND',
      `“${paper.title}” was imported from a ${paper.format} document, so there is no PDF to show; its passages are searchable.`,
    );
  }
  const file = paper.files.find((f) => fs.statSync(f.path, { throwIfNoEntry: false })?.isFile() === true);
  if (file === undefined) {
    const where = paper.files[0]?.path ?? 'its file';
    throw new ScholiumError(
      'NOT_FOUND',
      `The PDF of “${paper.title}” is no longer at ${where}. Import it again from the Library to read it here.`,
    );
  }
  return file.path;
}
