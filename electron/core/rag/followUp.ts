import { contentWords } from './textMatch.js';

export interface Exchange {
  question: string;
  answer: string;
}

const DEICTIC = /\b(it|its|they|them|their|this|that|these|those|he|she|his|her|the (?:same|former|latter|method|paper|approach|model|system))\b/i;
const SHORT_QUESTION_WORDS = 4;

/** A follow-up needs context when it points back ("it", "this method") or is too short to stand alone. */
export function needsContext(question: string, history: readonly Exchange[]): boolean {
  return history.length > 0 && (DEICTIC.test(question) || contentWords(question).length < SHORT_QUESTION_WORDS);
}

/**
 * Without a chat model: carry the previous question's content words into the
 * search query, which is what retrieval needs to resolve "it" and "this".
 */
export function heuristicStandalone(question: string, history: readonly Exchange[]): string {
  if (!needsContext(question, history)) return question;
  const previous = history.at(-1)!;
  const mine = new Set(contentWords(question));
  const carried = [...new Set(previous.question.split(/\s+/).map((w) => w.replace(/[?.,!;:]+$/, '')).filter((w) => contentWords(w).some((c) => !mine.has(c))))];
  return `${question} (${carried.join(' ')})`;
}

/** The instruction given to the chat model to rewrite a follow-up. */
export function rewriteMessages(question: string, history: readonly Exchange[]): Array<{ role: 'system' | 'user'; content: string }> {
  const recent = history.slice(-3).map((h, i) => `Q${i + 1}: ${h.question}\nA${i + 1}: ${h.answer.slice(0, 400)}`);
  return [
    { role: 'system', content: 'Rewrite the follow-up question so it can be understood without the conversation. Reply with the rewritten question only.' },
    { role: 'user', content: `Conversation:\n${recent.join('\n')}\n\nFollow-up: ${question}\nStand-alone question:` },
  ];
}

/** Takes the model's first line, and falls back to the heuristic when the model says nothing usable. */
export function acceptRewrite(raw: string, question: string, history: readonly Exchange[]): string {
  const line = raw.split('\n').map((l) => l.trim().replace(/^["']|["']$/g, '')).find((l) => l.length > 0) ?? '';
  return contentWords(line).length >= 2 && line.length <= 500 ? line : heuristicStandalone(question, history);
}
