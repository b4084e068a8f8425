import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../../electron/contract/ops/evaluation.js';
import { EMPTY_ITEM, fieldsOf, itemEdit, newItem } from '../../../renderer/src/features/evaluation/itemForm.js';
import { importSummary, setFileFormat } from '../../../renderer/src/features/evaluation/setFile.js';

const item: EvalItem = {
  itemId: 'i1',
  setId: 's1',
  ordinal: 1,
  question: 'Which transaction does the deadlock detector abort?',
  expected: 'the youngest',
  paper: 'Transactions in Berkeley DB',
  page: 3,
  unanswerable: false,
  status: 'accepted',
  sourcePassageId: null,
  sourceText: null,
};

describe('question form', () => {
  it('sends only the fields that changed, trimmed', () => {
    const fields = { ...fieldsOf(item), expected: '  the youngest in the cycle ', page: ' 4 ' };
    expect(itemEdit(item, fields)).toEqual({ edit: { itemId: 'i1', expected: 'the youngest in the cycle', page: 4 } });
  });

  it('sends nothing when only whitespace changed', () => {
    expect(itemEdit(item, { ...fieldsOf(item), question: ` ${item.question}  ` })).toEqual({ edit: null });
  });

  it('clears the gold paper and page to null', () => {
    expect(itemEdit(item, { ...fieldsOf(item), paper: ' ', page: '' })).toEqual({
      edit: { itemId: 'i1', paper: null, page: null },
    });
  });

  it('refuses an answerable question without an expected answer, and accepts it once unanswerable', () => {
    expect(itemEdit(item, { ...fieldsOf(item), expected: '   ' })).toEqual({
      problem: expect.stringContaining('needs an expected answer'),
    });
    expect(itemEdit(item, { ...fieldsOf(item), expected: '', unanswerable: true })).toEqual({
      edit: { itemId: 'i1', expected: '', unanswerable: true },
    });
  });

  it('names what is wrong with a page', () => {
    for (const page of ['0', '2.5', 'iv', '-1'])
      expect(itemEdit(item, { ...fieldsOf(item), page })).toEqual({
        problem: `“${page}” is not a page number (a whole number from 1).`,
      });
    expect(itemEdit(item, { ...fieldsOf(item), paper: '', page: '3' })).toEqual({
      problem: 'A gold page needs the gold paper it is in.',
    });
  });

  it('builds a new question, or says what is missing', () => {
    expect(newItem(EMPTY_ITEM)).toEqual({ problem: 'Write the question.' });
    expect(newItem({ ...EMPTY_ITEM, question: 'What is the boiling point of mercury?', unanswerable: true })).toEqual({
      item: {
        question: 'What is the boiling point of mercury?',
        expected: '',
        paper: null,
        page: null,
        unanswerable: true,
      },
    });
    expect(newItem({ question: ' Q? ', expected: ' A ', paper: ' P ', page: '12', unanswerable: false })).toEqual({
      item: { question: 'Q?', expected: 'A', paper: 'P', page: 12, unanswerable: false },
    });
  });
});

describe('question files', () => {
  it('takes the format from the extension, whatever its case', () => {
    expect(setFileFormat('questions.jsonl')).toBe('jsonl');
    expect(setFileFormat('Q.NDJSON')).toBe('jsonl');
    expect(setFileFormat('my.set.CSV')).toBe('csv');
    expect(setFileFormat('questions.json')).toBeNull();
    expect(setFileFormat('jsonl')).toBeNull();
  });

  it('says how many were imported and how many lines were not', () => {
    expect(importSummary('q.jsonl', 1, 0, false)).toBe('Imported 1 question from q.jsonl.');
    expect(importSummary('q.csv', 3, 1, false)).toBe('Imported 3 questions from q.csv; 1 line was not imported.');
    expect(importSummary('q.csv', 0, 2, true)).toBe(
      'Imported 0 questions as drafts to review from q.csv; 2 lines were not imported.',
    );
  });
});
