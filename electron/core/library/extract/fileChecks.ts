import fs from 'node:fs';
import { ExtractionError } from '../types.js';

/** The PDF header may follow up to 1 KiB of junk (PDF 32000-1, Annex H); readers accept that, so do we. */
const HEADER_WINDOW = 1024;

/**
 * Reads a file that should be a PDF, turning each way it can fail before
 * pdf.js sees it into a specific error: gone, unreadable, empty, too large,
 * or not a PDF at all.
 */
export async function readPdfBytes(file: string, maxBytes: number): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new ExtractionError('UNREADABLE', `${file} is not a regular file.`);
    if (stat.size > maxBytes) {
      throw new ExtractionError(
        'TOO_LARGE',
        `${file} is ${(stat.size / 2 ** 20).toFixed(0)} MiB, over the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit for one PDF.`,
      );
    }
    bytes = await fs.promises.readFile(file);
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ExtractionError('MISSING', `${file} is no longer there: it was moved or deleted during the import.`);
    throw new ExtractionError(
      'UNREADABLE',
      `${file} cannot be read (${code ?? (error as Error).message}); check its permissions.`,
    );
  }
  if (bytes.length === 0) throw new ExtractionError('EMPTY', `${file} is empty (0 bytes).`);
  if (!bytes.subarray(0, HEADER_WINDOW).includes('%PDF-')) {
    throw new ExtractionError(
      'NOT_PDF',
      `${file} is not a PDF: it has no %PDF header, so it is some other kind of file with a .pdf name.`,
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** pdf.js reports what went wrong by exception name; each maps to the reason the user sees. */
export function pdfFailure(error: unknown, file: string): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const kind = (error as { name?: string } | null)?.name;
  // pdf.js messages often end in a full stop; ours closes the parenthesis after it.
  const detail = ((error as { message?: string } | null)?.message ?? String(error)).replace(/\.\s*$/, '');
  if (kind === 'PasswordException') {
    return new ExtractionError(
      'ENCRYPTED',
      `${file} is encrypted and needs a password to open; Scholium cannot read it. Save an unprotected copy and import that.`,
    );
  }
  if (kind === 'InvalidPDFException' || kind === 'FormatError' || kind === 'UnknownErrorException') {
    return new ExtractionError(
      'CORRUPT',
      `${file} is damaged or truncated: pdf.js could not read its structure (${detail}).`,
    );
  }
  return new ExtractionError('CORRUPT', `${file} could not be read as a PDF (${kind ?? 'Error'}: ${detail}).`);
}
