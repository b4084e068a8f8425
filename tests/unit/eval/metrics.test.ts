import { describe, expect, it } from 'vitest';
import {
  exactMatch,
  ndcgAt,
  normalizeAnswer,
  percentile,
  recallAt,
  tokenF1,
} from '../../../electron/core/evaluation/metrics.js';

describe('retrieval metrics', () => {
  const rel = new Map([
    ['d1', 1],
    ['d2', 1],
  ]);
  it('nDCG@k is 1 for a perfect ranking and discounts late hits', () => {
    expect(ndcgAt(10, ['d1', 'd2', 'x'], rel)).toBeCloseTo(1, 10);
    expect(ndcgAt(10, ['x', 'd1', 'd2'], rel)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)),
      10,
    );
    expect(ndcgAt(1, ['x', 'd1'], rel)).toBe(0);
    expect(ndcgAt(10, ['x'], new Map())).toBe(0);
  });
  it('recall@k counts relevant documents in the first k', () => {
    expect(recallAt(2, ['d1', 'x', 'd2'], new Set(['d1', 'd2']))).toBe(0.5);
    expect(recallAt(3, ['d1', 'x', 'd2'], new Set(['d1', 'd2']))).toBe(1);
  });
  it('percentiles pick by rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
  });
});

describe('answer metrics', () => {
  it('normalises like SQuAD', () => {
    expect(normalizeAnswer('The  Berkeley-DB, a library!')).toBe('berkeley db library');
  });
  it('exact match and token F1', () => {
    expect(exactMatch('The write-ahead log.', 'write ahead log')).toBe(1);
    expect(exactMatch('a log', 'write ahead log')).toBe(0);
    expect(tokenF1('write ahead logging', 'write ahead log')).toBeCloseTo(2 / 3, 10);
    expect(tokenF1('nothing', 'write ahead log')).toBe(0);
  });
});

describe('the answer evaluation’s loop check', () => {
  it('flags an answer repeating a run of words, not a quoted figure whose labels repeat digits', async () => {
    const { loops } = await import('../../../scripts/eval/answerScore.js');
    const stuck = 'The model reads the passage and then writes the answer again. ';
    expect(loops(stuck.repeat(3))).toBe(true);
    expect(loops(stuck.repeat(2))).toBe(false);
    expect(
      loops('“1.1.1.4 ’SunOS_4_0_3’ 1.1.1.3 1.1.1.2 1.1 1.1.1 1.1.1.1 1.1 1.1.1 1.1.1.1 1.1 1.1.1 1.1.1.1” [3]'),
    ).toBe(false);
  });
});
