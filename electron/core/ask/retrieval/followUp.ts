import { contentWords } from '../citations/textMatch.js';

export interface Exchange {
  question: string;
  answer: string;
}

const DEICTIC =
  /\b(it|its|they|them|their|this|that|these|those|he|she|his|her|the (?:same|former|latter|method|paper|approach|model|system))\b/i;
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
  const carried = [
    ...new Set(
      previous.question
        .split(/\s+/)
        .map((w) => w.replace(/[?.,!;:]+$/, ''))
        .filter((w) => contentWords(w).some((c) => !mine.has(c))),
    ),
  ];
  return `${question} (${carried.join(' ')})`;
}

/** The instruction given to the chat model to rewrite a follow-up. */
export function rewriteMessages(
  question: string,
  history: readonly Exchange[],
): Array<{ role: 'system' | 'user'; content: string }> {
  const recent = recentExchanges(history).map((h, i) => `Q${i + 1}: ${h.question}\nA${i + 1}: ${h.answer}`);
  return [
    {
      role: 'system',
      content:
        'Rewrite the follow-up question so it can be understood without the conversation. Reply with the rewritten question only.',
    },
    { role: 'user', content: `Conversation:\n${recent.join('\n')}\n\nFollow-up: ${question}\nStand-alone question:` },
  ];
}

/** The exchanges the rewrite sees: the last three, answers cut short (a small model's context is small). */
function recentExchanges(history: readonly Exchange[]): Exchange[] {
  return history.slice(-3).map((h) => ({ question: h.question, answer: h.answer.slice(0, 400) }));
}

/**
 * Takes the model's first line when it is a usable question: at least two
 * content words, at least half of them from the follow-up or the conversation
 * the model saw (a small model may echo noise or make up a topic, which would
 * send retrieval elsewhere); otherwise falls back to the heuristic.
 */
export function acceptRewrite(raw: string, question: string, history: readonly Exchange[]): string {
  const line =
    raw
      .split('\n')
      .map((l) => l.trim().replace(/^["']|["']$/g, ''))
      .find((l) => l.length > 0) ?? '';
  const words = contentWords(line);
  const known = new Set(
    contentWords([question, ...recentExchanges(history).flatMap((h) => [h.question, h.answer])].join(' ')),
  );
  const grounded = words.filter((w) => known.has(w)).length;
  return words.length >= 2 && grounded >= words.length / 2 && line.length <= 500
    ? line
    : heuristicStandalone(question, history);
}
