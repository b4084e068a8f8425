import type { Citation } from '../../../contract/ops/ask.js';
import type { CitablePassage } from './citablePassage.js';
import { placeRange } from './highlight.js';
import { splitSentences } from './sentences.js';
import { lexicalSupport } from './textMatch.js';

/** Passage sentences (best by words) that the embedder also compares, to keep its cost to a few per sentence. */
const SEMANTIC_CANDIDATES = 3;

/**
 * A sentence that cites nothing gets the passage sentence that best supports it: most of its content words
 * (lexical), and among the best few by words the closest in meaning when an embedder is set. It is `attributed`
 * when that support clears the same bar a cited sentence must clear to be supported, else `unsupported`, pointing
 * at the nearest sentence found. Null when no passage was given.
 */
export async function attributeSentence(
  sentence: { text: string; start: number; end: number },
  passages: readonly CitablePassage[],
  bar: { lexical: number; semantic: number },
  similarity?: (claim: string, passage: string) => Promise<number>,
): Promise<Citation | null> {
  const candidates = passages
    .flatMap((p) =>
      splitSentences(p.text).map((s) => ({
        passage: p,
        start: s.start,
        end: s.end,
        lexical: lexicalSupport(sentence.text, s.text),
        semantic: 0,
      })),
    )
    .sort((a, b) => b.lexical - a.lexical);
  if (candidates.length === 0) return null;
  if (similarity !== undefined)
    for (const c of candidates.slice(0, SEMANTIC_CANDIDATES))
      c.semantic = await similarity(sentence.text, c.passage.text.slice(c.start, c.end));
  const ok = (c: (typeof candidates)[number]): boolean =>
    c.lexical >= bar.lexical || (c.semantic >= bar.semantic && c.lexical >= bar.lexical / 2);
  const best = candidates.slice(0, SEMANTIC_CANDIDATES).find(ok) ?? candidates[0]!;
  const p = best.passage;
  return {
    n: p.n,
    passageId: p.passageId,
    paperId: p.paperId,
    title: p.title,
    ...placeRange(p, best.start, best.end),
    quote: p.text.slice(best.start, best.end),
    status: ok(best) ? 'attributed' : 'unsupported',
    sentence: sentence.text,
    sentenceStart: sentence.start,
    sentenceEnd: sentence.end,
    quoteStart: best.start,
    quoteEnd: best.end,
    support: Math.max(best.lexical, best.semantic),
  };
}
