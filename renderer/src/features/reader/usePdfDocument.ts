import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf } from './pdfjs.js';

export type PdfState = { status: 'loading' } | { status: 'ready'; doc: PDFDocumentProxy } | { status: 'error'; message: string };

/** Why a PDF could not be shown, in words a reader understands. */
export function pdfErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return 'This PDF is password-protected; Scholium cannot open it.';
  if (name === 'InvalidPDFException') return `The file is not a readable PDF (${detail}).`;
  if (name === 'ResponseException' || name === 'MissingPDFException') return `The PDF could not be loaded from the library (${detail}).`;
  return `The PDF could not be displayed: ${detail}`;
}

/** Loads the PDF at `url`; the document is destroyed when the URL changes or the view goes away. */
export function usePdfDocument(url: string): PdfState {
  // Keyed by URL so a new URL reads as loading without a synchronous reset in the effect.
  const [state, setState] = useState<{ url: string; pdf: PdfState } | null>(null);
  useEffect(() => {
    const task = openPdf(url);
    task.promise.then(
      (doc) => setState({ url, pdf: { status: 'ready', doc } }),
      (error: unknown) => {
        if (!task.destroyed) setState({ url, pdf: { status: 'error', message: pdfErrorMessage(error) } });
      },
    );
    return () => void task.destroy();
  }, [url]);
  return state !== null && state.url === url ? state.pdf : { status: 'loading' };
}
