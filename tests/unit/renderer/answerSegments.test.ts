import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../electron/contract/ops/ask.js';
import { flaggedSentenceCount, segmentAnswer } from '../../../renderer/src/components/answer/answerSegments.js';

function citation(n: number, status: Citation['status'], sentenceStart: number, sentenceEnd: number): Citation {
  return {
    n,
    passageId: `p${n}`,
    paperId: 'paper',
    title: 'A paper',
    page: 2,
    quote: 'words',
    status,
    sentence: '',
    sentenceStart,
    sentenceEnd,
    quoteStart: 0,
    quoteEnd: 5,
    highlight: [],
    support: 1,
  };
}

describe('answer segments', () => {
  const text = 'Traces are compiled [1]. Loops nest [2, 3]. Nothing else [4].';
  //            0         1         2         3         4         5         6
  it('turns markers into chips carrying their verified citation', () => {
    const segments = segmentAnswer(
      text,
      [
        citation(1, 'verified', 0, 24),
        citation(2, 'supported', 25, 43),
        citation(3, 'unsupported', 25, 43),
        citation(4, 'unsupported', 44, 62),
      ],
      true,
    );
    expect(
      segments.map((s) => (s.kind === 'cite' ? `[${s.n}:${s.status}]` : s.flagged ? `<${s.text}>` : s.text)),
    ).toEqual([
      'Traces are compiled ',
      '[1:verified]',
      '. Loops nest ',
      '[2:supported]',
      '[3:unsupported]',
      '. ',
      '<Nothing else >',
      '[4:unsupported]',
      '<.>',
    ]);
  });

  it('flags a sentence that cites nothing when no passage backs it, and gives one a passage backs a chip of its own', () => {
    // The core attributes each uncited sentence to its best support: 'attributed', or 'unsupported' when none clears
    // the bar. The attributed one gets a chip after it, told apart from the answer's own citations; the other is marked.
    const t = 'Traces are compiled [1]. Loops nest deeply. The moon is cheese.';
    //         0         1         2         3         4         5         6
    const segments = segmentAnswer(
      t,
      [citation(1, 'verified', 0, 24), citation(3, 'attributed', 25, 43), citation(2, 'unsupported', 44, 63)],
      true,
    );
    expect(
      segments.map((s) =>
        s.kind === 'cite' ? `[${s.attributed ? '~' : ''}${s.n}:${s.status}]` : s.flagged ? `<${s.text}>` : s.text,
      ),
    ).toEqual([
      'Traces are compiled ',
      '[1:verified]',
      '. Loops nest deeply.',
      '[~3:attributed]',
      ' ',
      '<The moon is cheese.>',
    ]);
    // An attributed sentence that ends the answer gets its chip at the end.
    const last = segmentAnswer('Loops nest deeply.', [citation(2, 'attributed', 0, 18)], true);
    expect(last.map((s) => (s.kind === 'cite' ? `[~${s.n}]` : s.text))).toEqual(['Loops nest deeply.', '[~2]']);
    // The count under the answer is of the sentences highlighted, the attributed one not among them.
    expect(
      flaggedSentenceCount([
        citation(1, 'verified', 0, 24),
        citation(1, 'attributed', 25, 43),
        citation(2, 'unsupported', 44, 63),
      ]),
    ).toBe(1);
  });

  it('picks the citation whose sentence holds the marker when a number is cited twice', () => {
    const t = 'A [1]. B [1].';
    const segments = segmentAnswer(t, [citation(1, 'verified', 0, 6), citation(1, 'unsupported', 7, 13)], true);
    expect(segments.filter((s) => s.kind === 'cite').map((s) => s.kind === 'cite' && s.status)).toEqual([
      'verified',
      'unsupported',
    ]);
  });

  it('expands lists and ranges, and marks numbers without a citation invalid', () => {
    const segments = segmentAnswer('X [1-3; 5].', [citation(2, 'verified', 0, 11)], true);
    expect(segments.filter((s) => s.kind === 'cite').map((s) => s.kind === 'cite' && `${s.n}:${s.status}`)).toEqual([
      '1:invalid',
      '2:verified',
      '3:invalid',
      '5:invalid',
    ]);
  });

  it('shows every chip as pending while the answer streams, and leaves half-written markers as text', () => {
    const segments = segmentAnswer('Streaming [1] and [2', [], false);
    expect(segments.map((s) => (s.kind === 'cite' ? `[${s.n}:${s.status}]` : s.text))).toEqual([
      'Streaming ',
      '[1:pending]',
      ' and [2',
    ]);
  });
});
