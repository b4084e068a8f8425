import { describe, expect, it } from 'vitest';
import { describeRate } from '../../../electron/contract/index.js';
import { steadyRate } from '../../../electron/core/jobs/jobRate.js';

describe('job rates', () => {
  it('an embedding job goes at the pace measured so far', () => {
    expect(steadyRate('passages', 0, 100, 5_000)).toMatchObject({ perSecond: null, remainingSeconds: null });
    expect(steadyRate('passages', 64, 1000, 1_000)).toMatchObject({ perSecond: null, remainingSeconds: null });
    expect(steadyRate('passages', 64, 1000, 8_000)).toEqual({
      unit: 'passages',
      done: 64,
      perSecond: 8,
      ocr: null,
      remainingSeconds: 125,
    });
  });

  it('are said in words: pages/s, OCR pages apart, and the time left', () => {
    expect(describeRate({ unit: 'pages', done: 0, perSecond: null, ocr: null, remainingSeconds: null })).toBe('');
    expect(
      describeRate({
        unit: 'pages',
        done: 140,
        perSecond: 52.3,
        ocr: { done: 4, perSecond: 0.614 },
        remainingSeconds: 131,
      }),
    ).toBe('52 pages/s · 4 pages by OCR, 0.61/s · about 2 min left');
    expect(
      describeRate({ unit: 'passages', done: 64, perSecond: 7.44, ocr: null, remainingSeconds: 3 * 3600 + 25 * 60 }),
    ).toBe('7.4 passages/s · about 3 h 25 min left');
    expect(describeRate({ unit: 'pages', done: 3, perSecond: 1.5, ocr: null, remainingSeconds: 12 })).toBe(
      '1.5 pages/s · about 10 s left',
    );
  });
});
