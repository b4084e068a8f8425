import fs from 'node:fs';
import {
  ExtractionError,
  type ExtractedDocument,
  type ExtractedPassage,
} from '../../../electron/core/library/types.js';
import type { DocumentExtractor } from '../../../electron/core/library/extract/extractor.js';

/** A hand-built extraction result: `pages` page texts, passages as given (spans on their page). */
export function document(options: {
  title?: string | null;
  authors?: string[];
  year?: number | null;
  doi?: string | null;
  pages?: string[];
  passages?: Partial<ExtractedPassage>[];
}): ExtractedDocument {
  const pages = (options.pages ?? ['Page one text.']).map((text, i) => ({
    page: i + 1,
    width: 612,
    height: 792,
    text,
    ocr: false,
  }));
  const passages = (options.passages ?? [{ text: pages[0]!.text }]).map((p, i) => ({
    section: p.section ?? 'Body',
    kind: p.kind ?? 'body',
    text: p.text ?? `passage ${i}`,
    spans: p.spans ?? [{ page: 1, start: 0, end: (p.text ?? '').length }],
    boxes: p.boxes ?? [{ page: 1, x: 72, y: 100 + i * 20, w: 200, h: 12 }],
    ocr: p.ocr ?? false,
  }));
  return {
    pageCount: pages.length,
    pages,
    passages,
    metadata: {
      title: options.title === undefined ? 'A Paper' : options.title,
      authors: options.authors ?? [],
      year: options.year ?? null,
      venue: null,
      itemType: null,
      doi: options.doi ?? null,
      abstract: null,
      sources: { title: 'layout' },
    },
    warnings: [],
  };
}

/**
 * Stands in for the PDF worker pool: a "PDF" here is a file starting with
 * "%PDF-fake" followed by JSON {title, pages, passages}; anything else is
 * refused with the pool's NOT_PDF code. Records every file it was asked for.
 */
export class FakeExtractor implements DocumentExtractor {
  readonly concurrency = 2;
  readonly calls: string[] = [];
  /** Each extraction finishes only when its gate opens (for mid-import interventions). */
  gate: (file: string) => Promise<void> = () => Promise.resolve();
  closed = false;

  async extract(
    file: string,
    options: { signal?: AbortSignal; onProgress?: (p: { stage: 'text'; page: number; pages: number }) => void },
  ): Promise<ExtractedDocument> {
    this.calls.push(file);
    const bytes = await fs.promises.readFile(file, 'utf8').catch(() => {
      throw new ExtractionError('MISSING', `${file} disappeared.`);
    });
    if (!bytes.startsWith('%PDF-fake')) throw new ExtractionError('NOT_PDF', `${file} is not a PDF.`);
    const spec = JSON.parse(bytes.slice('%PDF-fake'.length)) as Parameters<typeof document>[0];
    const doc = document(spec);
    for (let p = 1; p <= doc.pageCount; p++) {
      options.onProgress?.({ stage: 'text', page: p, pages: doc.pageCount });
    }
    const cancelled = new Promise((_, reject) => {
      const stop = (): void => reject(new ExtractionError('CANCELLED', 'cancelled'));
      if (options.signal?.aborted === true) stop();
      else options.signal?.addEventListener('abort', stop, { once: true });
    });
    await Promise.race([this.gate(file), cancelled]);
    return doc;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Writes a fake PDF the FakeExtractor reads. */
export function writeFakePdf(file: string, spec: Parameters<typeof document>[0]): void {
  fs.writeFileSync(file, `%PDF-fake${JSON.stringify(spec)}`);
}
