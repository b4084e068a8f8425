import { rankSentences, type ExtractivePassage } from './extractive.js';

/** The sentences of one passage that bear on the question, in the passage's order. */
export interface PassageEvidence {
  n: number;
  sentences: string[];
}

/**
 * Evidence selection: of each passage, the sentences that share most (rarity-weighted) words with the question, at
 * most `perPassage`, kept in the passage's order. The prompt carries these instead of whole passages, so a model
 * reads a few hundred tokens rather than thousands; a passage with no such sentence is left out.
 */
export function selectEvidence(
  question: string,
  passages: readonly ExtractivePassage[],
  perPassage: number,
): PassageEvidence[] {
  const ranked = rankSentences(question, passages);
  return passages
    .map((p) => {
      const best = ranked.filter((s) => s.n === p.n).slice(0, perPassage);
      const text = p.text.replace(/\s+/g, ' ');
      // Passage order reads better than score order, and a sentence's neighbour often finishes its thought.
      best.sort((a, b) => text.indexOf(a.sentence) - text.indexOf(b.sentence));
      return { n: p.n, sentences: best.map((s) => s.sentence) };
    })
    .filter((e) => e.sentences.length > 0);
}
