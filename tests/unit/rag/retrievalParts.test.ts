import { pageForQuery } from '../../../electron/core/ask/retrieval/hitPage.js';
import { describe, expect, it } from 'vitest';
import { diversify, reciprocalRankFusion, RRF_K } from '../../../electron/core/ask/retrieval/fusion.js';
import { leadingPaper } from '../../../electron/core/ask/retrieval/paperFocus.js';
import {
  PROXIMITY_WEIGHT,
  proximityScores,
  rescoreByProximity,
} from '../../../electron/core/ask/retrieval/proximity.js';
import { extractiveAnswer } from '../../../electron/core/ask/answer/extractive.js';
import { verifyAnswer } from '../../../electron/core/ask/citations/verify.js';
import { buildPrompt } from '../../../electron/core/ask/answer/prompt.js';
import { highlightRange } from '../../../electron/core/ask/citations/highlight.js';

describe('fusion and diversity', () => {
  it('ranks documents found by both lists first', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['c', 'a', 'd'],
    ]);
    expect(fused.map((r) => r.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2), 10);
  });

  it("lets a list's first hit outrank a passage both lists place only 8th", () => {
    // With Cormack et al.'s k = 60 the passage both lists rank 8th would win (2/68 > 1/61): on full papers that put
    // vaguely similar passages above the one full text found by the question's rare words.
    const filler = (p: string) => Array.from({ length: 6 }, (_, i) => `${p}${i}`);
    const fused = reciprocalRankFusion([
      ['first', ...filler('t'), 'both'],
      ['other', ...filler('v'), 'both'],
    ]);
    expect(fused.slice(0, 2).map((r) => r.id)).toEqual(['first', 'other']);
    expect(fused.findIndex((r) => r.id === 'both')).toBe(2);
  });

  it('keeps one paper from crowding out the rest', () => {
    const ranked = ['A', 'A', 'A', 'A', 'B', 'C'].map((paperId, i) => ({ paperId, i }));
    expect(diversify(ranked, 4, 2).map((x) => x.i)).toEqual([0, 1, 4, 5]);
    expect(diversify(ranked.slice(0, 4), 3, 2).map((x) => x.i)).toEqual([0, 1, 2]);
  });

  it('takes a paper holding all the first three hits as the one the question is about', () => {
    const papers = (ids: string) => [...ids].map((paperId) => ({ paperId }));
    expect(leadingPaper(papers('AAAB'))).toBe('A');
    expect(leadingPaper(papers('AABA'))).toBeNull();
    expect(leadingPaper(papers('AA'))).toBeNull();
  });
});

describe('proximity within the fused head', () => {
  const question = 'Which base model were the Crawler and Selector agents fine-tuned from?';
  const other = (n: number): string =>
    Array.from({ length: n }, (_, i) => `The agents were evaluated on benchmark number ${i} of the suite.`).join(' ');
  // The same words, scattered over a long passage, and held together by two neighbouring sentences of another.
  const scattered = `The Crawler agent is described first. ${other(6)} A base case is given. ${other(6)} Then the Selector was fine-tuned.`;
  const together = `${other(3)} The Crawler and Selector agents share one base model. Both were fine-tuned from it. ${other(3)}`;
  const unrelated = `${other(5)} The Crawler agent collects papers.`;

  it('scores the passage whose nearby sentences hold the question’s rarer words above one that scatters them', () => {
    const [a, b, c] = proximityScores(question, [{ text: scattered }, { text: together }, { text: unrelated }]);
    expect(b).toBeCloseTo(1, 5);
    expect(a!).toBeLessThan(b!);
    expect(c!).toBeLessThan(a!);
  });

  it('lifts such a passage over one that the fused ranking put just above it, and leaves the tail alone', () => {
    const ranked = [
      { id: 'scattered', text: scattered, score: 0.3 },
      { id: 'together', text: together, score: 0.29 },
      { id: 'unrelated', text: unrelated, score: 0.2 },
      { id: 'tail', text: together, score: 0.01 },
    ];
    const rescored = rescoreByProximity(question, ranked, 3);
    expect(rescored.map((p) => p.id)).toEqual(['together', 'scattered', 'unrelated', 'tail']);
    expect(rescored[0]!.score).toBeCloseTo(0.29 + PROXIMITY_WEIGHT / (RRF_K + 1), 10);
    expect(rescored[3]!.score).toBe(0.01);
    // The input is not changed.
    expect(ranked[0]!.score).toBe(0.3);
  });
});

describe('extractive answers', () => {
  const passages = [
    {
      n: 1,
      text: 'Berkeley DB provides transactions. Its lock manager supports page-level locking for concurrent access by many processes.',
    },
    {
      n: 2,
      text: 'We describe the log manager in detail. Write-ahead logging guarantees that transactions survive crashes and can be recovered.',
    },
  ];

  it('quotes the most relevant sentences, each cited', () => {
    const a = extractiveAnswer('How does write-ahead logging let transactions survive crashes?', passages);
    expect(a.sentences[0]).toEqual({
      n: 2,
      sentence: 'Write-ahead logging guarantees that transactions survive crashes and can be recovered.',
    });
    expect(a.text).toContain(
      '“Write-ahead logging guarantees that transactions survive crashes and can be recovered.” [2]',
    );
  });

  it('never starts a quote with the section heading its passage begins with', () => {
    // Page text joins the heading's line to the next with a space.
    const heading = [
      {
        n: 1,
        section: '3.2 Checkpoints',
        text: '3.2 Checkpoints Berkeley DB takes checkpoints to bound the time that recovery needs after a crash.',
      },
    ];
    expect(
      extractiveAnswer('How does Berkeley DB bound the time of recovery after a crash?', heading).sentences,
    ).toEqual([
      { n: 1, sentence: 'Berkeley DB takes checkpoints to bound the time that recovery needs after a crash.' },
    ]);
  });

  it('quotes sentences exactly, inner quotation marks and reference numbers too, so every citation is verified', async () => {
    const text =
      'The recorder marks such loops as "blacklisted" and never traces them again [12]. Other loops are traced once they are “hot”, after two iterations.';
    const quoted = [{ n: 1, text }];
    const a = extractiveAnswer('Which loops does the recorder blacklist and never trace again?', quoted);
    expect(a.text).toContain('“The recorder marks such loops as "blacklisted" and never traces them again [12].” [1]');
    const citations = await verifyAnswer(a.text, [
      { ...quoted[0]!, passageId: 'p1', paperId: 'a', title: 'T', page: 3, boxes: [] },
    ]);
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) {
      expect(c.status).toBe('verified');
      expect(c.n).toBe(1);
      expect(text).toContain(c.quote);
    }
    expect(citations[0]!.quote).toBe('The recorder marks such loops as "blacklisted" and never traces them again [12]');
  });

  it('returns nothing when no sentence bears on the question', () => {
    expect(extractiveAnswer('What is the boiling point of mercury?', passages).text).toBe('');
  });
});

describe('prompt budget', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
  const count = async (text: string) => text.split(/\s+/).filter(Boolean).length;
  const passages = [1, 2, 3].map((n) => ({
    n,
    title: `Paper ${n}`,
    year: 2000 + n,
    page: n,
    section: 'Body',
    text: words(100),
  }));

  it('includes whole passages in rank order and reports those left out', async () => {
    const built = await buildPrompt('What?', passages, { contextTokens: 500, answerTokens: 100 }, count);
    expect(built.included).toEqual([1, 2]);
    expect(built.omitted).toEqual([3]);
    expect(built.promptTokens).toBeLessThanOrEqual(400);
    expect(built.messages[1]!.content).toContain('Passage 1 (Paper 1, 2001, p. 1)');
    expect(built.messages[1]!.content).toContain(words(100));
    expect(built.messages[1]!.content).not.toContain('Passage 3 (');
    // The instructions: end every sentence with its passage number, use the passages' words, decline in a set form.
    expect(built.messages[0]!.content).toMatch(/End every sentence with the number of the passage .*like \[2\]/);
    expect(built.messages[0]!.content).toMatch(/Use the words of the passages/);
    expect(built.messages[0]!.content).toMatch(/write only "NOT FOUND:"/);
    expect(built.messages[1]!.content).toMatch(/in at most 3 short sentences/);
  });
});

describe('highlight geometry', () => {
  it('maps a character range onto the line boxes in proportion', () => {
    const boxes = [
      { page: 1, x: 0, y: 0, w: 100, h: 10 },
      { page: 2, x: 10, y: 50, w: 100, h: 10 },
    ];
    expect(highlightRange(boxes, 200, 50, 150)).toEqual([
      { page: 1, x: 50, y: 0, w: 50, h: 10 },
      { page: 2, x: 10, y: 50, w: 50, h: 10 },
    ]);
    expect(highlightRange(boxes, 200, 10, 10)).toEqual([]);
  });
});

describe('full-text query building', () => {
  it('keeps content words, dropping stop words and FTS syntax, and quotes each', async () => {
    const { ftsWords } = await import('../../../electron/core/ask/retrieval/ftsQuery.js');
    const { quote } = await import('../../../electron/core/library/search/boundedFullText.js');
    expect(ftsWords('How does the ﬁrst NEAR(stage) handle "masking" -- OR * x?').map(quote)).toEqual([
      '"first"',
      '"near"',
      '"stage"',
      '"handle"',
      '"masking"',
    ]);
    expect(quote('a"b')).toBe('"a""b"');
    expect(ftsWords('what is it?')).toEqual([]);
  });
});

describe('the page a hit names', () => {
  const p1 = 'The parser is trained on the treebank. ';
  const p2 = 'Training ran for 40 epochs. The treebank parser used early stopping.';
  const passage = {
    text: p1 + p2,
    page: 3,
    pages: [
      { page: 3, start: 0 },
      { page: 4, start: p1.length },
    ],
  };

  it('is the page whose part holds most of the question’s words, not the page of one sentence that matches', () => {
    expect(pageForQuery('How many epochs were used to train the treebank parser?', passage)).toBe(4);
  });

  it('is the page of the best sentence when the parts tie, and the only page of a passage on one page', () => {
    expect(pageForQuery('Is the parser trained on a treebank?', passage)).toBe(3);
    expect(pageForQuery('epochs', { ...passage, pages: [{ page: 3, start: 0 }] })).toBe(3);
  });
});
