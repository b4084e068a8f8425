import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf } from './pdfjs.js';

export type PdfState =
  { status: 'loading' } | { status: 'ready'; doc: PDFDocumentProxy } | { status: 'error'; message: string };

/**
 * The library refused the file (no such paper, not a PDF, moved away): its answer is already a sentence for the reader.
 */
class LibraryFileError extends Error {}

/** Why a PDF could not be shown, in words a reader understands. */
export function pdfErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof LibraryFileError) return detail;
  if (name === 'PasswordException') return 'This PDF is password-protected; Scholium cannot open it.';
  if (name === 'InvalidPDFException') return `The file is not a readable PDF (${detail}).`;
  if (name === 'TypeError') return `The PDF could not be loaded from the library (${detail}).`;
  return `The PDF could not be displayed: ${detail}`;
}

/** The paper's bytes from the library's file address; a refusal carries the library's explanation. */
async function fetchPdf(url: string, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    const said = (await response.text()).trim();
    throw new LibraryFileError(
      said !== '' && said.length < 500 ? said : `The library answered ${response.status} for this paper’s file.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads the PDF at `url`; the document is destroyed when the URL changes or the view goes away. */
export function usePdfDocument(url: string): PdfState {
  // Keyed by URL so a new URL reads as loading without a synchronous reset in the effect.
  const [state, setState] = useState<{ url: string; pdf: PdfState } | null>(null);
  useEffect(() => {
    const gone = new AbortController();
    let destroy: (() => Promise<void>) | null = null;
    void fetchPdf(url, gone.signal)
      .then((data) => {
        if (gone.signal.aborted) return null;
        const task = openPdf(data);
        destroy = () => task.destroy();
        return task.promise;
      })
      .then(
        (doc) => {
          if (doc !== null && !gone.signal.aborted) setState({ url, pdf: { status: 'ready', doc } });
        },
        (error: unknown) => {
          if (!gone.signal.aborted) setState({ url, pdf: { status: 'error', message: pdfErrorMessage(error) } });
        },
      );
    return () => {
      gone.abort();
      void destroy?.();
    };
  }, [url]);
  return state !== null && state.url === url ? state.pdf : { status: 'loading' };
}
