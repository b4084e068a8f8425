import { rankSentences, type ExtractivePassage, type ScoredSentence } from './extractive.js';

/** The sentences of one passage that bear on the question. */
export interface PassageEvidence {
  n: number;
  sentences: string[];
}

/**
 * How evidence is ordered: `passage` keeps the passages' rank and each passage's own sentence order; `score` puts the
 * passage with the best sentence first and each passage's best sentence first, so that the first line a model reads
 * (and, small models being what they are, the one it most often takes) is the best evidence found.
 */
export type EvidenceOrder = 'passage' | 'score';

export interface EvidenceLimits {
  perPassage: number;
  /** Sentences in all, the best kept: each costs the model its reading time before the first token. */
  total: number;
  order: EvidenceOrder;
}

/**
 * Evidence selection: the sentences that share most (rarity-weighted) words with the question, at most `perPassage`
 * of a passage and `total` in all. The prompt carries these instead of whole passages, so a model reads a few hundred
 * tokens rather than thousands; a passage with no such sentence is left out.
 */
export function selectEvidence(
  question: string,
  passages: readonly ExtractivePassage[],
  { perPassage, total, order }: EvidenceLimits,
): PassageEvidence[] {
  const kept: ScoredSentence[] = [];
  const taken = new Map<number, number>();
  for (const s of rankSentences(question, passages)) {
    if (kept.length === total) break;
    if ((taken.get(s.n) ?? 0) === perPassage) continue;
    kept.push(s);
    taken.set(s.n, (taken.get(s.n) ?? 0) + 1);
  }
  // Kept best first; by passage, the passage whose best sentence came first leads.
  const byPassage = new Map<number, ScoredSentence[]>();
  for (const s of kept) byPassage.set(s.n, [...(byPassage.get(s.n) ?? []), s]);
  const rank = new Map(passages.map((p, i) => [p.n, i]));
  const groups = [...byPassage.values()];
  if (order === 'score') return groups.map((g) => ({ n: g[0]!.n, sentences: g.map((s) => s.sentence) }));
  return groups
    .sort((a, b) => rank.get(a[0]!.n)! - rank.get(b[0]!.n)!)
    .map((g) => {
      const text = passages[rank.get(g[0]!.n)!]!.text.replace(/\s+/g, ' ');
      // Passage order reads better than score order, and a sentence's neighbour often finishes its thought.
      const inPassage = [...g].sort((a, b) => text.indexOf(a.sentence) - text.indexOf(b.sentence));
      return { n: g[0]!.n, sentences: inPassage.map((s) => s.sentence) };
    });
}
