import { splitSentences } from '../citations/sentences.js';
import { contentWords } from '../citations/textMatch.js';

export interface ExtractivePassage {
  n: number;
  text: string;
  /** The heading of the passage's section: a section's first passage starts with it, and no quote should. */
  section?: string;
}

export interface ExtractiveAnswer {
  /** Empty when nothing in the passages bears on the question. */
  text: string;
  sentences: Array<{ n: number; sentence: string }>;
}

const MAX_SENTENCES = 4;
const MAX_PER_PASSAGE = 2;
const MIN_WORDS = 6;

/** A passage sentence scored against the question. */
export interface ScoredSentence {
  n: number;
  /** The passage's rank among those given (0 first). */
  rank: number;
  sentence: string;
  score: number;
}

/**
 * The sentences of the passages that share (rarity-weighted) content words with the question, best first: what the
 * extractive answer quotes and what a model's prompt carries as evidence.
 */
export function rankSentences(question: string, passages: readonly ExtractivePassage[]): ScoredSentence[] {
  const queryWords = new Set(contentWords(question));
  if (queryWords.size === 0) return [];
  const candidates = passages.flatMap((p, rank) =>
    splitSentences(withoutHeading(p))
      .filter((s) => s.text.split(/\s+/).length >= MIN_WORDS && !/^\W*$/.test(s.text))
      .map((s) => ({ n: p.n, rank, sentence: s.text.replace(/\s+/g, ' '), words: new Set(contentWords(s.text)) })),
  );
  // Rarer query words count more: idf over the candidate sentences.
  const df = new Map<string, number>();
  for (const c of candidates) for (const w of queryWords) if (c.words.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  return candidates
    .map(({ words, ...c }) => {
      let score = 0;
      for (const w of queryWords) if (words.has(w)) score += Math.log(1 + candidates.length / (df.get(w) ?? 1));
      // Prefer higher-ranked passages and sentences that are not padded with other matter.
      return { ...c, score: score / (1 + 0.15 * c.rank) / Math.sqrt(Math.max(words.size, 8) / 8) };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
}

/**
 * The no-model answer: the sentences of the top passages that share most
 * (rarity-weighted) content words with the question, each quoted verbatim and
 * cited, in passage order. Quoting makes every citation checkable as verified.
 */
export function extractiveAnswer(question: string, passages: readonly ExtractivePassage[]): ExtractiveAnswer {
  const scored = rankSentences(question, passages);
  const picked: ScoredSentence[] = [];
  const perPassage = new Map<number, number>();
  for (const c of scored) {
    if ((perPassage.get(c.n) ?? 0) >= MAX_PER_PASSAGE) continue;
    picked.push(c);
    perPassage.set(c.n, (perPassage.get(c.n) ?? 0) + 1);
    if (picked.length === MAX_SENTENCES) break;
  }
  picked.sort((a, b) => a.rank - b.rank);
  const sentences = picked.map((c) => ({ n: c.n, sentence: c.sentence }));
  // Verbatim, inner quotation marks too: the verifier reads a sentence that is one quotation as a whole.
  return { text: sentences.map((s) => `“${s.sentence}” [${s.n}]`).join('\n\n'), sentences };
}

/** The passage's text after its section heading, where it starts with one (the rest is still verbatim). */
function withoutHeading(p: ExtractivePassage): string {
  const heading = p.section?.trim() ?? '';
  if (heading === '' || !p.text.startsWith(heading)) return p.text;
  const rest = p.text.slice(heading.length);
  return /^\s/.test(rest) ? rest : p.text;
}
