import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// The worker is bundled by Vite and served from our own origin (CSP: no remote scripts).
GlobalWorkerOptions.workerSrc = workerUrl;

/** pdf.js's data files (standard fonts, CMaps, image decoders), copied next to the build by vite.config.ts. */
function assetDir(name: string): string {
  return new URL(`./pdfjs/${name}/`, document.baseURI).href;
}

/**
 * Opens a PDF from its bytes (the Reader fetches them itself, to show the library's own words when a file is missing).
 */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  return getDocument({
    data,
    standardFontDataUrl: assetDir('standard_fonts'),
    cMapUrl: assetDir('cmaps'),
    wasmUrl: assetDir('wasm'),
    iccUrl: assetDir('iccs'),
    // The CSP forbids eval; say so rather than let pdf.js probe for it.
    isEvalSupported: false,
    // Papers are read whole from the library; no scripting, no XFA forms.
    enableXfa: false,
  });
}
