/**
 * Reciprocal-rank fusion constant. Cormack et al.'s 60 flattens the head of each list, so on full papers a passage
 * ranked 1st by full text barely outweighs one ranked 10th by vectors, and hybrid fell behind full text alone; 5 lets
 * a list's first hits count (tuned on corpus-qa's odd ids: see bench/results/eval.md; SciFact holds).
 */
export const RRF_K = 5;

export interface Ranked {
  id: string;
  score: number;
}

/** Fuses ranked lists: score(d) = Σ 1 / (k + rank_i(d)), ranks from 1. */
export function reciprocalRankFusion(lists: ReadonlyArray<readonly string[]>, k = RRF_K): Ranked[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  }
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/**
 * Keeps the ranking but lets no paper take more than `maxPerPaper` of the first
 * slots while other papers have candidates; the rest follow in order.
 */
export function diversify<T extends { paperId: string }>(ranked: readonly T[], k: number, maxPerPaper: number): T[] {
  const picked: T[] = [];
  const deferred: T[] = [];
  const count = new Map<string, number>();
  for (const item of ranked) {
    const c = count.get(item.paperId) ?? 0;
    if (c < maxPerPaper) {
      picked.push(item);
      count.set(item.paperId, c + 1);
    } else deferred.push(item);
    if (picked.length === k) return picked;
  }
  return [...picked, ...deferred].slice(0, k);
}
