/**
 * Retrieval and answer metrics shared by `npm run eval` and evaluation runs.
 * Definitions follow BEIR (nDCG@k with graded gains, log2 discount) and SQuAD
 * (normalised exact match, token F1).
 */

/** nDCG@k of a ranked list against graded relevance judgements. */
export function ndcgAt(k: number, ranked: readonly string[], relevance: ReadonlyMap<string, number>): number {
  const dcg = ranked
    .slice(0, k)
    .reduce(
      (sum, id, i) => sum + ((relevance.get(id) ?? 0) > 0 ? (2 ** relevance.get(id)! - 1) / Math.log2(i + 2) : 0),
      0,
    );
  const ideal = [...relevance.values()]
    .filter((r) => r > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, r, i) => sum + (2 ** r - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the relevant documents found in the first k. */
export function recallAt(k: number, ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return [...relevant].filter((id) => top.has(id)).length / relevant.size;
}

/** SQuAD normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function exactMatch(prediction: string, expected: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(expected) ? 1 : 0;
}

export function tokenF1(prediction: string, expected: string): number {
  const p = normalizeAnswer(prediction).split(' ').filter(Boolean);
  const e = normalizeAnswer(expected).split(' ').filter(Boolean);
  if (p.length === 0 || e.length === 0) return p.length === e.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of e) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common += 1;
      counts.set(t, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / e.length;
  return (2 * precision * recall) / (precision + recall);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
