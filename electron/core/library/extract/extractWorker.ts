/**
 * Worker-thread entry: extracts the PDFs the pool sends, one at a time.
 * pdf.js runs here on its in-thread "fake worker"; Tesseract, when a page
 * needs OCR, in a worker thread of its own, kept until the file is done.
 */
import { parentPort } from 'node:worker_threads';
import { ExtractionError } from '../types.js';
import { extractPdf } from './extractPdf.js';
import { PageRecognizer } from './ocr.js';
import type { ExtractRequest, WorkerMessage } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('extractWorker must run in a worker thread');
const recognizer = new PageRecognizer();
const send = (message: WorkerMessage): void => port.postMessage(message);

port.on('message', (request: ExtractRequest) => {
  if (request.type !== 'extract') return;
  const { id } = request;
  extractPdf(request.file, {
    chunking: request.chunking,
    maxBytes: request.maxBytes,
    ocrPages: request.ocrPages,
    ocrTimeMs: request.ocrTimeMs,
    recognizer,
    onProgress: (progress) => send({ type: 'progress', id, progress }),
  })
    // Tesseract holds a few hundred MiB once loaded; scanned files are rare enough to start it again for the next one.
    .finally(() => recognizer.close())
    .then(
      (document) => send({ type: 'done', id, document }),
      (error: unknown) => {
        const failure =
          error instanceof ExtractionError
            ? error
            : new ExtractionError(
                'CORRUPT',
                `${request.file} could not be extracted: ${(error as Error)?.message ?? String(error)}`,
              );
        send({ type: 'failed', id, code: failure.code, message: failure.message });
      },
    );
});
