import type { PassageSearch } from '../library/search/passageSearch.js';
import type { ResolvedScope } from '../library/search/scope.js';
import type { JobContext } from '../jobs/jobManager.js';
import type { ModelService } from '../models/modelService.js';
import type { ModelRecord } from '../models/registry.js';
import type { NewItem } from './setStore.js';

export interface SourcePassage {
  passageId: string;
  paperId: string;
  page: number | null;
  text: string;
}

/** Passages short enough to leave the model room, long enough to hold a fact. */
const MIN_CHARS = 150;
const MAX_CHARS = 2500;

/**
 * Up to `count` passages of the abstracts and bodies in scope, taken in turn
 * from each paper and spread over each paper's length, skipping passages a
 * question was already drafted from.
 */
export function pickPassages(
  library: PassageSearch,
  scope: ResolvedScope,
  count: number,
  used: ReadonlySet<string>,
): SourcePassage[] {
  const rows = library.bodyPassages(scope, { min: MIN_CHARS, max: MAX_CHARS });
  const byPaper = new Map<string, SourcePassage[]>();
  for (const r of rows) if (!used.has(r.passageId)) byPaper.set(r.paperId, [...(byPaper.get(r.paperId) ?? []), r]);
  const perPaper = [...byPaper.values()];
  const quota = perPaper.map((_, i) => Math.floor(count / perPaper.length) + (i < count % perPaper.length ? 1 : 0));
  const picked: SourcePassage[] = [];
  perPaper.forEach((passages, i) => {
    const take = Math.min(quota[i]!, passages.length);
    for (let j = 0; j < take; j++) picked.push(passages[Math.floor((j * passages.length) / take)]!);
  });
  return picked;
}

const DRAFT_SYSTEM = 'You write exam questions about research papers. Use only the passage you are given.';

const EXAMPLE = {
  passage: 'The meter reports momentary loudness every 100 ms and integrated loudness over the whole programme.',
  question: 'How often does the meter report momentary loudness?',
  answer: 'every 100 ms',
};

/**
 * What to ask the model. A model with a chat template gets instructions; one
 * without (small base or template-less files) only continues text, so it gets a
 * worked example to continue after "Question:".
 */
export function draftRequest(
  passage: string,
  chatTemplate: boolean,
): { messages: Array<{ role: 'system' | 'user'; content: string }> } | { prompt: string } {
  if (!chatTemplate) {
    return {
      prompt: `Passage: ${EXAMPLE.passage}\nQuestion: ${EXAMPLE.question}\nAnswer: ${EXAMPLE.answer}\n\nPassage: ${passage.trim()}\nQuestion:`,
    };
  }
  return {
    messages: [
      { role: 'system', content: DRAFT_SYSTEM },
      {
        role: 'user',
        content: `Passage:\n${passage.trim()}\n\nWrite one question that this passage answers, and its short answer taken from the passage. Reply in exactly this form:\nQuestion: <the question>\nAnswer: <the answer>`,
      },
    ],
  };
}

/** The question and answer in the model's reply, or null when it did not keep to the form. */
export function parseDraft(reply: string): { question: string; answer: string } | null {
  // Markdown bold ("**Question:**") is common in instruction-tuned replies.
  const match = /question\s*:\s*(.+?)\s*\n+\s*answer\s*:\s*(.+)/is.exec(reply.replace(/\*\*/g, ''));
  if (match === null) return null;
  const question = match[1]!.trim();
  const answer = match[2]!.split('\n')[0]!.trim();
  return question.length >= 8 && answer.length > 0 ? { question, answer } : null;
}

/** Drafts one question per passage; replies that do not keep to the form are counted, not stored. */
export async function draftQuestions(
  models: ModelService,
  model: Pick<ModelRecord, 'id' | 'chatTemplate'>,
  passages: readonly SourcePassage[],
  job: JobContext,
  save: (item: NewItem) => void,
): Promise<{ drafted: number; unusable: number }> {
  let drafted = 0;
  let unusable = 0;
  for (const [i, p] of passages.entries()) {
    job.signal.throwIfAborted();
    job.progress(i, passages.length, `Drafting question ${i + 1} of ${passages.length}`);
    const reply = await models.generate({
      modelId: model.id,
      ...draftRequest(p.text, model.chatTemplate),
      maxTokens: 96,
      signal: job.signal,
    });
    const draft = parseDraft(model.chatTemplate ? reply.text : `Question:${reply.text}`);
    if (draft === null) unusable += 1;
    else {
      save({
        question: draft.question,
        expected: draft.answer,
        paper: p.paperId,
        page: p.page,
        unanswerable: false,
        status: 'draft',
        sourcePassageId: p.passageId,
        sourceText: p.text,
      });
      drafted += 1;
    }
  }
  job.progress(
    passages.length,
    passages.length,
    `${drafted} ${drafted === 1 ? 'question' : 'questions'} drafted for review${unusable > 0 ? `, ${unusable} ${unusable === 1 ? 'reply' : 'replies'} did not keep to the form` : ''}`,
  );
  return { drafted, unusable };
}
