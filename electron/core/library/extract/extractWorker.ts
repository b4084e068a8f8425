/**
 * Worker-thread entry: extracts the PDFs the pool sends, one at a time.
 * pdf.js runs here on its in-thread "fake worker"; OCR, when a page needs it, in native `tesseract` processes (as
 * many at once as the pool's thread budget allows) or else in a tesseract.js worker thread kept until the file is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExtractionError } from '../types.js';
import { extractPdf } from './extractPdf.js';
import { PageRecognizer } from './ocr.js';
import type { ExtractRequest, WorkerMessage } from './protocol.js';
import { ThreadBudget, type BudgetShare } from './threadBudget.js';

const port = parentPort;
if (port === null) throw new Error('extractWorker must run in a worker thread');
const budget = ThreadBudget.of((workerData as { budget: BudgetShare }).budget);
const send = (message: WorkerMessage): void => port.postMessage(message);

port.on('message', (request: ExtractRequest) => {
  if (request.type !== 'extract') return;
  const { id } = request;
  const recognizer = new PageRecognizer({ tesseract: request.tesseract });
  extractPdf(request.file, {
    chunking: request.chunking,
    maxBytes: request.maxBytes,
    ocrPages: request.ocrPages,
    ocrTimeMs: request.ocrTimeMs,
    recognizer,
    budget,
    onProgress: (progress) => send({ type: 'progress', id, progress }),
    onPart: (part) => send({ type: 'part', id, ...part }),
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
