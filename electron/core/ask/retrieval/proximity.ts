import { splitSentences } from '../citations/sentences.js';
import { contentWords } from '../citations/textMatch.js';
import { RRF_K } from './fusion.js';

/** How many of the fused ranking's first candidates are ranked again by where the question's words sit. */
export const PROXIMITY_HEAD = 20;
/**
 * Weight of the proximity rank against full text's and vectors' (1 each). At 1, SciFact's hybrid nDCG@10 rose
 * 0.724 → 0.733 and corpus-qa's gold page first 52 → 54 of 80 (26 / 28 on odd / even ids). Embedding windows
 * besides it did better on corpus-qa only at 0.5 (README: third round), and were not kept.
 */
export const PROXIMITY_WEIGHT = 1;
/** Sentences on each side of a sentence that make up its neighbourhood: an answer and its context sit together. */
const NEIGHBOURS = 2;

/**
 * For each passage, the best share of the question's words that one neighbourhood of sentences (a sentence and
 * NEIGHBOURS on each side) holds, each word weighted by its rarity among these passages: when they all come from one
 * paper, its topic words are everywhere and the words of the detail asked about decide.
 */
export function proximityScores(question: string, passages: readonly { text: string }[]): number[] {
  const words = [...new Set(contentWords(question))];
  const df = new Map<string, number>();
  for (const p of passages) {
    const have = new Set(contentWords(p.text));
    for (const w of words) if (have.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const weight = new Map(words.map((w) => [w, df.has(w) ? Math.log(1 + passages.length / df.get(w)!) : 0]));
  const total = words.reduce((sum, w) => sum + weight.get(w)!, 0);
  if (total === 0) return passages.map(() => 0);
  return passages.map((p) => {
    const sentences = splitSentences(p.text).map((s) => new Set(contentWords(s.text)));
    let best = 0;
    sentences.forEach((_, i) => {
      const near = sentences.slice(Math.max(0, i - NEIGHBOURS), i + NEIGHBOURS + 1);
      const share = words.reduce((sum, w) => sum + (near.some((s) => s.has(w)) ? weight.get(w)! : 0), 0) / total;
      best = Math.max(best, share);
    });
    return best;
  });
}

/**
 * The ranking with its first `head` candidates ranked a third time, by proximity, and fused with their scores as
 * reciprocal-rank fusion fuses full text and vectors (PROXIMITY_WEIGHT / (RRF_K + rank)). Full text counts a word anywhere in a
 * 300-word passage and a passage's vector blurs its parts; this favours the passage whose sentences hold the
 * question's rarest words together. It ranks hybrid's candidates only: over full text alone it lifted corpus-qa's
 * first hits by 2 of 80 but lowered SciFact's nDCG@10 by 0.03 (README: third round).
 */
export function rescoreByProximity<T extends { text: string; score: number }>(
  question: string,
  ranked: readonly T[],
  head = PROXIMITY_HEAD,
): T[] {
  const first = ranked.slice(0, head);
  const scores = proximityScores(question, first);
  const order = first.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const rescored = first.map((p) => ({ ...p }));
  order.forEach((i, rank) => (rescored[i]!.score += PROXIMITY_WEIGHT / (RRF_K + rank + 1)));
  return [...rescored.sort((a, b) => b.score - a.score), ...ranked.slice(head)];
}
