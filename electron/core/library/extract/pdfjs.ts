/**
 * pdf.js for extraction, in this thread: its legacy build and its parser (the "worker" half, run in this thread as
 * pdf.js's fake worker: extraction already runs in a worker thread of its own), loaded together so that the built-ins
 * core-js replaced on loading can be put back at once (see nativeBuiltins.ts).
 */
import { restoreNativeBuiltins } from './nativeBuiltins.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// The parser ships without type declarations; pdf.js's fake worker takes it from `pdfjsWorker` instead of importing
// it on the first document.
const parser = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
const { WorkerMessageHandler } = (await import(parser)) as { WorkerMessageHandler: unknown };
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = { WorkerMessageHandler };
restoreNativeBuiltins();

export { getDocument };
