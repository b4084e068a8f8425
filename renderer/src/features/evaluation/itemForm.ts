import type { OpInput } from '../../../../electron/contract/index.js';
import type { EvalItem } from '../../../../electron/contract/ops/evaluation.js';

/** What the question form holds: text as typed, checked before it is sent. */
export interface ItemFields {
  question: string;
  expected: string;
  paper: string;
  page: string;
  unanswerable: boolean;
}

export type ItemEdit = OpInput<'eval.items.update'>;
type NewItem = OpInput<'eval.items.add'>['items'][number];

export const EMPTY_ITEM: ItemFields = { question: '', expected: '', paper: '', page: '', unanswerable: false };

export function fieldsOf(item: EvalItem): ItemFields {
  return {
    question: item.question,
    expected: item.expected,
    paper: item.paper ?? '',
    page: item.page?.toString() ?? '',
    unanswerable: item.unanswerable,
  };
}

/** The cleaned-up question, or the first problem with what was typed (in the words the user sees). */
function checked(f: ItemFields): { item: Required<Omit<NewItem, 'status'>> } | { problem: string } {
  const question = f.question.trim();
  if (question === '') return { problem: 'Write the question.' };
  const expected = f.expected.trim();
  if (!f.unanswerable && expected === '')
    return { problem: 'An answerable question needs an expected answer: give one, or mark the question unanswerable.' };
  const pageText = f.page.trim();
  const page = pageText === '' ? null : Number(pageText);
  if (page !== null && !(Number.isInteger(page) && page >= 1))
    return { problem: `“${pageText}” is not a page number (a whole number from 1).` };
  const paper = f.paper.trim() === '' ? null : f.paper.trim();
  if (page !== null && paper === null) return { problem: 'A gold page needs the gold paper it is in.' };
  return { item: { question, expected, paper, page, unanswerable: f.unanswerable } };
}

/** A new question to add, or the problem with it. */
export function newItem(f: ItemFields): { item: NewItem } | { problem: string } {
  const c = checked(f);
  return 'problem' in c ? c : { item: c.item };
}

/** The edit to send (only the fields that changed; null when nothing did), or the problem with it. */
export function itemEdit(item: EvalItem, f: ItemFields): { edit: ItemEdit | null } | { problem: string } {
  const c = checked(f);
  if ('problem' in c) return c;
  const edit: ItemEdit = { itemId: item.itemId };
  const next = c.item;
  if (next.question !== item.question) edit.question = next.question;
  if (next.expected !== item.expected) edit.expected = next.expected;
  if (next.paper !== item.paper) edit.paper = next.paper;
  if (next.page !== item.page) edit.page = next.page;
  if (next.unanswerable !== item.unanswerable) edit.unanswerable = next.unanswerable;
  return { edit: Object.keys(edit).length === 1 ? null : edit };
}
