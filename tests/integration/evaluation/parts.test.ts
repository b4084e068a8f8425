import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../electron/core/evaluation/csv.js';
import { parseDraft } from '../../../electron/core/evaluation/drafts.js';
import { isAbstention } from '../../../electron/core/evaluation/scoring.js';
import { lengthStats, split, toExample } from '../../../electron/core/evaluation/trainingData.js';

describe('evaluation parts', () => {
  it('reads a drafted question and answer in the forms models write them, and refuses the rest', () => {
    expect(parseDraft('Question: Which transaction is aborted?\nAnswer: the youngest one\nQuestion: more')).toEqual({
      question: 'Which transaction is aborted?',
      answer: 'the youngest one',
    });
    expect(parseDraft('**Question:** What is LUFS?\n\n**Answer:** a loudness unit')).toEqual({
      question: 'What is LUFS?',
      answer: 'a loudness unit',
    });
    expect(parseDraft('Question: How often does the meter run?')).toBeNull();
    expect(parseDraft('Question: Why?\nAnswer: because')).toBeNull();
    expect(parseDraft('You write exam questions about research papers.')).toBeNull();
  });

  it('counts an abstained answer, or one that says it does not know, as abstaining', () => {
    expect(isAbstention({ mode: 'abstained', answer: 'The library does not contain an answer.' })).toBe(true);
    expect(isAbstention({ mode: 'generated', answer: "I don't know the boiling point." })).toBe(true);
    expect(isAbstention({ mode: 'generated', answer: 'It boils at 630 K.' })).toBe(false);
  });

  it('reports a quote left open with the line its record starts on, keeping the records before it', () => {
    const { records, errors } = parseCsv('question,expected\nfine,yes\n"open,no\nmore\n');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(errors).toEqual([{ line: 3, message: 'a quoted field is never closed' }]);
  });

  it('names each CSV record by the physical line it starts on, each refused line once, and reads on after it', () => {
    const csv = [
      '\uFEFFquestion,expected',
      '"spans,"," two\r\nlines"', // a \r\n inside quotes is one line break
      'A "bad" one,x', // two stray quotes, one refused line
      '"closed"then text,x', // text after a closing quote: the next line is read again
      '',
      'old mac,line\rlast,one',
    ].join('\r\n');
    const { records, errors } = parseCsv(csv);
    expect(records).toEqual([
      { line: 1, fields: ['question', 'expected'] },
      { line: 2, fields: ['spans,', ' two\r\nlines'] },
      { line: 7, fields: ['old mac', 'line'] },
      { line: 8, fields: ['last', 'one'] },
    ]);
    expect(errors).toEqual([
      { line: 4, message: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 5, message: expect.stringMatching(/text after a closing quote/) },
    ]);
  });

  it('splits reproducibly, holding out at least one example when asked to, none when not', async () => {
    const examples = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((q) => toExample(`question ${q}`, `answer ${q}`, [], 'set')),
    );
    const first = split(examples, 0.1, 7);
    expect(first.validation).toHaveLength(1);
    expect(first.train).toHaveLength(4);
    expect(split(examples, 0.1, 7)).toEqual(first);
    expect(split(examples, 0.1, 8).validation).not.toEqual(first.validation);
    expect(split(examples, 0, 7).validation).toEqual([]);
    expect(split(examples.slice(0, 1), 0.5, 7)).toEqual({ train: examples.slice(0, 1), validation: [] });
  });

  it('summarises token lengths against the context', () => {
    expect(lengthStats([10, 20, 30, 4000], 2048)).toEqual({
      min: 10,
      mean: 1015,
      p50: 20,
      p95: 4000,
      max: 4000,
      overContext: 1,
    });
    expect(lengthStats([], 2048)).toBeNull();
  });
});
