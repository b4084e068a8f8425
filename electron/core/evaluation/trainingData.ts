import { createHash } from 'node:crypto';
import type { AnswerPassage } from '../../contract/ops/ask.js';
import { NO_RETRIEVAL_SYSTEM } from '../ask/askService.js';
import { mean, normalizeAnswer, percentile } from './metrics.js';
import { buildPrompt, type ChatMessage, type PromptPassage } from '../ask/answer/prompt.js';

/** A training conversation: the prompt exactly as Scholium sends it, and the wanted reply. */
export interface TrainingExample {
  messages: ChatMessage[];
  source: 'set' | 'conversation';
}

/** Every passage fits: training examples are built whole, their length is measured afterwards. */
const UNLIMITED = { contextTokens: Number.MAX_SAFE_INTEGER, answerTokens: 0 };
const noCount = (): Promise<number> => Promise.resolve(0);

/**
 * A question and its answer as a training conversation. With passages, the
 * prompt is the one asks use (system rules, numbered passages), so the adapter
 * learns the format it will be used in; without, the plain no-retrieval prompt.
 */
export async function toExample(
  question: string,
  answer: string,
  passages: readonly PromptPassage[],
  source: TrainingExample['source'],
): Promise<TrainingExample> {
  const prompt: ChatMessage[] =
    passages.length > 0
      ? (await buildPrompt(question, passages, UNLIMITED, noCount)).messages
      : [
          { role: 'system', content: NO_RETRIEVAL_SYSTEM },
          { role: 'user', content: question },
        ];
  return { messages: [...prompt, { role: 'assistant', content: answer }], source };
}

/** A reviewed answer drafted from one passage cites it, as answers must. */
export function citeSource(answer: string): string {
  return /\[\d+(?:,\s*\d+)*\]/.test(answer) ? answer : `${answer.trim()} [1]`;
}

export function promptPassage(
  p: Pick<AnswerPassage, 'title' | 'year' | 'page' | 'section' | 'text'>,
  n: number,
): PromptPassage {
  return { n, title: p.title, year: p.year, page: p.page, section: p.section, text: p.text };
}

const keyOf = (e: TrainingExample): string => e.messages.map((m) => normalizeAnswer(m.content)).join('\u0000');

/** Drops examples whose prompt and reply are the same after normalisation (case, punctuation, articles). */
export function dedupe(examples: readonly TrainingExample[]): { kept: TrainingExample[]; duplicates: number } {
  const seen = new Set<string>();
  const kept = examples.filter((e) => {
    const key = keyOf(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { kept, duplicates: examples.length - kept.length };
}

/**
 * A reproducible split: examples ordered by a seeded hash of their content, the
 * first share to validation (at least one, never all), so the
 * same example lands on the same side on every export with the same seed.
 */
export function split(
  examples: readonly TrainingExample[],
  share: number,
  seed: number,
): { train: TrainingExample[]; validation: TrainingExample[] } {
  const hash = (e: TrainingExample): string =>
    createHash('sha256')
      .update(`${seed}\u0000${keyOf(e)}`)
      .digest('hex');
  const ordered = examples.map((e) => ({ e, h: hash(e) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  // At least one held out when asked for, never all: training needs one example.
  const n = Math.max(
    0,
    Math.min(Math.max(Math.round(examples.length * share), share > 0 ? 1 : 0), examples.length - 1),
  );
  return { validation: ordered.slice(0, n).map((x) => x.e), train: ordered.slice(n).map((x) => x.e) };
}

/**
 * One JSON object per line: {"messages": [...]} (chat), or Alpaca's instruction (system), input (prompt), output
 * (reply).
 */
export function toJsonlLines(examples: readonly TrainingExample[], format: 'chat' | 'alpaca'): string {
  return examples
    .map((e) => {
      if (format === 'chat') return JSON.stringify({ messages: e.messages });
      const system = e.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = e.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n\n');
      const output = e.messages
        .filter((m) => m.role === 'assistant')
        .map((m) => m.content)
        .join('\n\n');
      return JSON.stringify({ instruction: system, input: user, output });
    })
    .map((line) => `${line}\n`)
    .join('');
}

export interface LengthStats {
  min: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
  overContext: number;
}

export function lengthStats(tokens: readonly number[], contextLength: number): LengthStats | null {
  if (tokens.length === 0) return null;
  return {
    min: Math.min(...tokens),
    mean: Math.round(mean(tokens) * 10) / 10,
    p50: percentile(tokens, 50),
    p95: percentile(tokens, 95),
    max: Math.max(...tokens),
    overContext: tokens.filter((t) => t > contextLength).length,
  };
}
