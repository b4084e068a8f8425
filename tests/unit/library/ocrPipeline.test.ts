/**
 * Scanned pages are read as many at once as the pool's thread budget has cores for: the worker's own one always, the
 * spare ones while nobody else needs them, and never more than one at a time with an engine that cannot run pages side
 * by side (tesseract.js).
 */
import { describe, expect, it } from 'vitest';
import type { OcrResult, RenderedPage } from '../../../electron/core/library/extract/ocr.js';
import type { OcrEngine } from '../../../electron/core/library/extract/ocrEngine.js';
import { OcrPipeline } from '../../../electron/core/library/extract/ocrPipeline.js';
import { ThreadBudget } from '../../../electron/core/library/extract/threadBudget.js';

/** A recognizer whose pages finish when the test says so, counting how many are being read at once. */
function fakeRecognizer(parallel: boolean) {
  const waiting: (() => void)[] = [];
  const state = { reading: 0, most: 0 };
  const engine = { name: 'fake', imageFormat: 'pgm', parallel } as OcrEngine;
  return {
    state,
    finishOne: () => waiting.shift()?.(),
    recognizer: {
      ocrEngine: () => Promise.resolve(engine),
      read: (): Promise<OcrResult> => {
        state.reading += 1;
        state.most = Math.max(state.most, state.reading);
        return new Promise((resolve) =>
          waiting.push(() => {
            state.reading -= 1;
            resolve({ items: [], lines: [], confidence: 90 });
          }),
        );
      },
    },
  };
}

const page = {} as RenderedPage;
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Starts `n` pages one after another, as extractPdf does, finishing the oldest whenever a start has to wait. */
async function readPages(fake: ReturnType<typeof fakeRecognizer>, pipeline: OcrPipeline, n: number): Promise<void> {
  const results: Promise<OcrResult>[] = [];
  for (let i = 0; i < n; i++) {
    const start = pipeline.start(page);
    let started = false;
    void start.then(() => (started = true));
    await tick();
    while (!started) {
      fake.finishOne();
      await tick();
    }
    results.push((await start).result);
  }
  while (fake.state.reading > 0) {
    fake.finishOne();
    await tick();
  }
  await Promise.all(results);
}

describe('reading scanned pages side by side', () => {
  it('uses the spare cores of the budget, gives them back, and counts the pages read', async () => {
    const fake = fakeRecognizer(true);
    const budget = ThreadBudget.create(3);
    budget.hold(); // this file's own core: two spare
    const pipeline = new OcrPipeline(fake.recognizer, budget);
    await readPages(fake, pipeline, 6);
    expect(fake.state.most).toBe(3);
    expect(pipeline.started).toBe(6);
    expect(pipeline.finished).toBe(6);
    // Both borrowed cores came back.
    expect(budget.tryBorrow()).toBe(true);
    expect(budget.tryBorrow()).toBe(true);
    expect(budget.tryBorrow()).toBe(false);
  });

  it("starts the next page on the worker's own core as soon as its page is read, while a borrowed one still reads", async () => {
    const fake = fakeRecognizer(true);
    const budget = ThreadBudget.create(2);
    budget.hold(); // one spare core
    const pipeline = new OcrPipeline(fake.recognizer, budget);
    await pipeline.start(page); // the worker's own core
    await pipeline.start(page); // the spare one
    let third = false;
    void pipeline.start(page).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    fake.finishOne(); // the first page, on the worker's own core
    await tick();
    expect(third).toBe(true);
    expect(fake.state.reading).toBe(2);
  });

  it('reads one page at a time when every core is taken by a file of its own', async () => {
    const fake = fakeRecognizer(true);
    const budget = ThreadBudget.create(2);
    budget.hold();
    budget.hold();
    await readPages(fake, new OcrPipeline(fake.recognizer, budget), 4);
    expect(fake.state.most).toBe(1);
  });

  it('takes back the cores of a worker ended while it had them borrowed', () => {
    const pool = ThreadBudget.create(3);
    pool.hold(); // two spare
    const share = pool.share();
    const worker = ThreadBudget.of(share);
    expect([worker.tryBorrow(), worker.tryBorrow(), worker.tryBorrow()]).toEqual([true, true, false]);
    worker.giveBack();
    // Ended mid-page: the other borrowed core never comes back by itself.
    pool.reclaim(share);
    expect([pool.tryBorrow(), pool.tryBorrow(), pool.tryBorrow()]).toEqual([true, true, false]);
  });

  it('reads one page at a time with an engine that cannot run two', async () => {
    const fake = fakeRecognizer(false);
    const budget = ThreadBudget.create(4);
    budget.hold();
    await readPages(fake, new OcrPipeline(fake.recognizer, budget), 4);
    expect(fake.state.most).toBe(1);
  });
});
