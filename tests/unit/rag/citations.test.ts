import { describe, expect, it } from 'vitest';
import { parseCitations, StreamingCitationParser } from '../../../electron/core/ask/citations/citationParser.js';

describe('citation markers', () => {
  it('parses single, lists and ranges', () => {
    const text = 'A [1]. B [2, 3]. C [1-3]. D [4–5]. E [2;7]. Not [a] nor [] nor [1.5].';
    expect(parseCitations(text).map((m) => m.numbers)).toEqual([[1], [2, 3], [1, 2, 3], [4, 5], [2, 7]]);
    const first = parseCitations(text)[0]!;
    expect(text.slice(first.start, first.end)).toBe('[1]');
  });

  it('refuses absurd ranges instead of exploding them', () => {
    expect(parseCitations('[1-100000]')[0]!.numbers).toEqual([1, 100000]);
  });

  it('finds markers as they complete across streamed chunks', () => {
    const parser = new StreamingCitationParser();
    const chunks = ['Masking is strong', ' [', '1', ', 2', '] here and ', '[3', '-4] and [x] done [5]'];
    const seen = chunks.map((c) => parser.push(c).map((m) => m.numbers));
    expect(seen).toEqual([[], [], [], [], [[1, 2]], [], [[3, 4], [5]]]);
  });

  it('stops holding text after a "[" that cannot be a marker', () => {
    const parser = new StreamingCitationParser();
    expect(parser.push('see [note')).toEqual([]);
    expect(parser.push(' 2] and [6]')).toEqual([{ numbers: [6], start: 17, end: 20 }]);
  });
});
