import type { OcrResult, PageRecognizer, RenderedPage } from './ocr.js';
import type { ThreadBudget } from './threadBudget.js';

/**
 * Reads one file's scanned pages, as many at once as there are cores for them: one always (the worker's own core),
 * more while the pool's thread budget has spare ones and the engine runs pages in separate processes. Pages are
 * started in order; each result arrives on its own. Keeps the OCR time of the file: the wall time during which any of
 * its pages was being read.
 */
export class OcrPipeline {
  private readonly inFlight = new Set<Promise<void>>();
  private busySince: number | null = null;
  private busyMs = 0;
  private ownBusy = false;
  started = 0;
  finished = 0;

  constructor(
    private readonly recognizer: Pick<PageRecognizer, 'ocrEngine' | 'read'>,
    private readonly budget: ThreadBudget | null,
  ) {}

  elapsedMs(): number {
    return this.busyMs + (this.busySince === null ? 0 : performance.now() - this.busySince);
  }

  /** Starts reading a rendered page once a core is free for it; `result` settles when it is read. */
  async start(rendered: RenderedPage): Promise<{ result: Promise<OcrResult> }> {
    const engine = await this.recognizer.ocrEngine();
    // The worker's own core first; a spare one of the pool's when that is busy.
    let own = false;
    let borrowed = false;
    for (;;) {
      own = !this.ownBusy;
      borrowed = !own && engine.parallel && this.budget !== null && this.budget.tryBorrow();
      if (own || borrowed) break;
      await Promise.race(this.inFlight);
    }
    if (own) this.ownBusy = true;
    if (this.inFlight.size === 0) this.busySince = performance.now();
    this.started += 1;
    // Counted before anyone waiting on the result hears of it, so their progress includes this page.
    const result = this.recognizer.read(rendered).finally(() => {
      this.finished += 1;
      this.inFlight.delete(settled);
      if (own) this.ownBusy = false;
      if (borrowed) this.budget!.giveBack();
      if (this.inFlight.size === 0 && this.busySince !== null) {
        this.busyMs += performance.now() - this.busySince;
        this.busySince = null;
      }
    });
    const settled: Promise<void> = result.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    return { result };
  }
}
