import { contentWords } from '../rag/textMatch.js';

/** Share of the question's content words a passage must hold to count as on-topic by words alone. */
const MIN_COVERAGE = 0.5;
/**
 * Cosine similarity above which a passage is on-topic by meaning alone. Sentence
 * embedders (MiniLM, bge-small) put paraphrases of a passage's point above ~0.5
 * and unrelated scientific text below ~0.35.
 */
const MIN_SIMILARITY = 0.5;

export interface Candidate {
  title: string;
  text: string;
  similarity: number | null;
}

/** How many of the question's distinct content words the passage (with its paper title) contains. */
export function coverage(question: string, passage: Pick<Candidate, 'title' | 'text'>): { matched: number; total: number } {
  const words = [...new Set(contentWords(question))];
  const have = new Set(contentWords(`${passage.title} ${passage.text}`));
  return { matched: words.filter((w) => have.has(w)).length, total: words.length };
}

/**
 * Whether retrieval found anything worth answering from. Full-text search
 * matches any single shared word, so a hit alone proves little: a passage must
 * hold at least half of the question's content words (and two of them when the
 * question has two or more), or be close in meaning by the embedder.
 */
export function isRelevant(question: string, passages: readonly Candidate[]): boolean {
  return passages.some((p) => {
    if (p.similarity !== null && p.similarity >= MIN_SIMILARITY) return true;
    const { matched, total } = coverage(question, p);
    return total > 0 && matched / total >= MIN_COVERAGE && matched >= Math.min(2, total);
  });
}
