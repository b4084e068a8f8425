import { describe, expect, it } from 'vitest';
import {
  declineReason,
  finishedAnswer,
  planGeneration,
  DEFAULT_DESIGN,
} from '../../../electron/core/ask/answer/answerDesign.js';
import { selectEvidence } from '../../../electron/core/ask/answer/evidence.js';
import { answerGrammar, answerShape } from '../../../electron/core/ask/answer/groundedGrammar.js';
import { verifyAnswer } from '../../../electron/core/ask/citations/verify.js';
import { LoopDetector } from '../../../electron/core/models/runtime/loopDetector.js';

const passage = (n: number, text: string) => ({
  n,
  passageId: `p${n}`,
  paperId: `paper${n}`,
  title: `Paper ${n}`,
  page: n,
  text,
  boxes: [],
});

describe('the loop stop', () => {
  it('cuts where a finished sentence repeats an earlier one, citations and case aside', () => {
    const d = new LoopDetector();
    const first = 'The detector aborts the youngest transaction [1]. ';
    expect(d.push(first)).toBeNull();
    expect(d.push('It runs periodically [2]. ')).toBeNull();
    expect(d.push('the detector aborts the youngest transaction [2].')).toBeNull();
    // The end of a sentence is known only once the next character comes.
    expect(d.push(' ')).toBe(`${first}It runs periodically [2].`.length);
  });

  it('cuts a run of words written a second time even without a sentence end, and leaves short repeats alone', () => {
    const d = new LoopDetector();
    expect(d.push('See [1]. See [1]. See [1]. ')).toBeNull();
    const clause = 'values of the loudness range descriptor over a programme as the spread of percentiles ';
    expect(d.push(clause)).toBeNull();
    let cut: number | null = null;
    for (const word of clause.split(' ')) cut ??= d.push(`${word} `);
    expect(cut).toBe('See [1]. See [1]. See [1]. '.length + clause.length);
  });
});

describe('the answer grammar', () => {
  it('allows only the passage numbers given, a bounded number of sentences, and a decline', () => {
    const g = answerGrammar(
      'cite',
      [
        { n: 1, sentences: [] },
        { n: 4, sentences: [] },
      ],
      { min: 1, max: 3 },
    );
    expect(g).toContain('root ::= decline | own (" " own){0,2}');
    expect(g).toContain('cite ::= "1" | "4"');
    expect(g).toContain('decline ::= "NOT FOUND: "');
  });

  it('in quote style, offers each evidence sentence verbatim with its own passage number, a paragraph apart', () => {
    const g = answerGrammar('quote', [{ n: 2, sentences: ['It aborts the "youngest" one.'] }], { min: 1, max: 2 });
    expect(g).toContain(`quote ::= "“It aborts the 'youngest' one.” [2]"`);
    expect(g).toContain('root ::= decline | quote ("\\n\\n" quote){0,1}');
    expect(g).not.toContain('own ::=');
  });

  it('in quote style, may open with a set quotation (the best evidence) and leave the rest to the model', () => {
    const evidence = [{ n: 2, sentences: ['Logs are forced at commit.', 'Pages are written later.'] }];
    const g = answerGrammar('quote', evidence, { min: 1, max: 2 }, { n: 2, sentence: 'Logs are forced at commit.' });
    expect(g).toContain('root ::= decline | "“Logs are forced at commit.” [2]" ("\\n\\n" quote){0,1}');
    // Held to two quotations at least: the model chooses the second, not whether there is one.
    expect(answerGrammar('quote', evidence, { min: 2, max: 4 })).toContain('quote ("\\n\\n" quote){1,3}');
  });

  it('keeps a quote-style answer without a quotation the runtime left open at its end', () => {
    const open = '“Logs are forced at commit.” [2]\n\n“Logs are';
    expect(finishedAnswer(DEFAULT_DESIGN, open, 'loop')).toBe('“Logs are forced at commit.” [2]');
    expect(finishedAnswer(DEFAULT_DESIGN, open, 'maxTokens')).toBe('“Logs are forced at commit.” [2]');
    // Stopped by the user: kept as written.
    expect(finishedAnswer(DEFAULT_DESIGN, open, 'aborted')).toBe(open);
    expect(finishedAnswer({ ...DEFAULT_DESIGN, grammar: 'cite' }, 'It says “Logs', 'loop')).toBe('It says “Logs');
  });

  it("in lead style, takes one sentence of the model's own, cited, then quotations", () => {
    const g = answerGrammar('lead', [{ n: 3, sentences: ['Logs are forced at commit.'] }], { min: 1, max: 4 });
    expect(g).toContain('root ::= decline | own "\\n\\n" quote ("\\n\\n" quote){0,2}');
    expect(g).toContain('cite ::= "3"');
    expect(g).toContain('quote ::= "“Logs are forced at commit.” [3]"');
  });

  it('fits the length to the question: a number takes two sentences, a reason four', () => {
    expect(answerShape('How many pages does it read?').sentences).toBe(2);
    expect(answerShape('Why does the detector abort the youngest transaction?').sentences).toBe(4);
  });

  it('keeps the best evidence sentences within the limits, a passage at a time', () => {
    const passages = [
      {
        n: 1,
        text: 'The detector runs once a second in the background. The detector aborts a transaction in a cycle.',
      },
      { n: 2, text: 'A deadlock cycle is found by the detector. The youngest transaction is aborted by the detector.' },
    ];
    const question = 'Which transaction does the deadlock detector abort in a cycle?';
    const all = selectEvidence(question, passages, { perPassage: 3, total: 18, order: 'passage' });
    expect(all.map((e) => [e.n, e.sentences.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const few = selectEvidence(question, passages, { perPassage: 1, total: 2, order: 'passage' });
    expect(few.map((e) => e.sentences)).toEqual([
      ['The detector aborts a transaction in a cycle.'],
      ['A deadlock cycle is found by the detector.'],
    ]);
    expect(selectEvidence(question, passages, { perPassage: 3, total: 1, order: 'passage' })).toHaveLength(1);
  });

  it('gives the model only the sentences that bear on the question, each tagged with its passage', () => {
    const plan = planGeneration(DEFAULT_DESIGN, 'Which transaction does the deadlock detector abort?', [
      { n: 1, text: 'Locks are taken per page. The deadlock detector aborts the youngest transaction in a cycle.' },
      { n: 2, text: 'Loudness is measured in LUFS with gating.' },
    ]);
    // By default each is shown as the quotation the answer may write, and the answer opens with the best of them.
    expect(plan.prompted).toEqual([
      { n: 1, text: '“The deadlock detector aborts the youngest transaction in a cycle.” [1]' },
    ]);
    expect(plan.grammar).toContain(
      'root ::= decline | "“The deadlock detector aborts the youngest transaction in a cycle.” [1]"',
    );
    expect(plan.stopOnLoop).toBe(true);
    const cite = planGeneration(
      { ...DEFAULT_DESIGN, grammar: 'cite' },
      'Which transaction does the deadlock detector abort?',
      [{ n: 1, text: 'Locks are taken per page. The deadlock detector aborts the youngest transaction in a cycle.' }],
    );
    expect(cite.prompted[0]!.text).toBe('The deadlock detector aborts the youngest transaction in a cycle. [1]');
    expect(cite.grammar).toContain('cite ::= "1"\n');
  });

  it('orders evidence by score when asked: the first line the model reads is the best sentence found', () => {
    const passages = [
      { n: 1, text: 'Locks are taken per page by the lock manager of the detector. Pages are cached.' },
      { n: 2, text: 'Cycles are rare. The deadlock detector aborts the youngest transaction in a cycle.' },
    ];
    const question = 'Which transaction does the deadlock detector abort?';
    const evidence = { perPassage: 3, total: 18 };
    const byRank = planGeneration(
      { ...DEFAULT_DESIGN, evidence: { ...evidence, order: 'passage' } },
      question,
      passages,
    );
    expect(byRank.prompted.map((p) => p.n)).toEqual([1, 2]);
    const byScore = planGeneration(
      { ...DEFAULT_DESIGN, grammar: 'quote', evidence: { ...evidence, order: 'score' } },
      question,
      passages,
    );
    expect(byScore.prompted.map((p) => p.n)).toEqual([2, 1]);
    // Quote styles show the evidence as the quotations the grammar allows, and leave room to finish each.
    expect(byScore.prompted[0]!.text).toBe('“The deadlock detector aborts the youngest transaction in a cycle.” [2]');
    expect(byScore.grammar).toContain('"“The deadlock detector aborts the youngest transaction in a cycle.” [2]"');
    expect(byScore.maxTokens).toBeGreaterThan(
      (byScore.prompted[0]!.text.length + byScore.prompted[1]!.text.length) / 3,
    );
  });

  it("reads a decline only in its set form at the start of the answer, or in the model's own first sentence", () => {
    expect(declineReason('NOT FOUND: the paper gives no GPU model.')).toBe('the paper gives no GPU model.');
    expect(declineReason('It says [1]. NOT FOUND: no.')).toBeNull();
    expect(declineReason('The GPU model is not mentioned in the passages [1].')).toBe(
      'The GPU model is not mentioned in the passages.',
    );
    // A quotation is the paper's words: a paper saying what it does not report is no decline.
    expect(declineReason('“The GPU model is not reported in this study.” [2]')).toBeNull();
  });
});

describe('attribution of sentences that cite nothing', () => {
  const passages = [
    passage(1, 'Berkeley DB offers transactions with write-ahead logging. Every change is logged first.'),
    passage(2, 'A deadlock detector runs periodically and aborts the youngest transaction of each cycle it finds.'),
  ];

  it('attributes a sentence to the passage sentence that states it, and flags one that nothing states', async () => {
    const answer = 'The deadlock detector aborts the youngest transaction of each cycle. Sodium ions pass graphene.';
    const citations = await verifyAnswer(answer, passages, undefined, { attribute: true });
    expect(citations).toHaveLength(2);
    expect(citations[0]).toMatchObject({ n: 2, status: 'attributed', paperId: 'paper2', page: 2 });
    expect(citations[0]!.quote).toBe(passages[1]!.text);
    expect(citations[1]).toMatchObject({ status: 'unsupported', sentence: 'Sodium ions pass graphene.' });
  });

  it('leaves uncited sentences alone when attribution is not asked for', async () => {
    expect(await verifyAnswer('The detector aborts the youngest transaction.', passages)).toEqual([]);
  });
});
