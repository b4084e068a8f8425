import type { Citation } from '../../../contract/ops/ask.js';
import { attributeSentence } from './attribute.js';
import { parseCitations } from './citationParser.js';
import type { CitablePassage } from './citablePassage.js';
import { placeRange } from './highlight.js';
import { splitSentences } from './sentences.js';
import { contentWords, findNormalized, lexicalSupport } from './textMatch.js';

/** Optional semantic check: cosine similarity of claim and passage (0..1), when an embedder is loaded. */
export type SemanticSimilarity = (claim: string, passage: string) => Promise<number>;

/** Thresholds tuned so that a sentence restating a passage is supported and an unrelated one is not. */
export const SUPPORT_THRESHOLD = 0.5;
const SEMANTIC_THRESHOLD = 0.72;
const MIN_QUOTE_WORDS = 3;

const QUOTED = /["“]([^"“”]{8,}?)["”]/g;
/** A sentence that is one quotation, inner quotation marks and all, then its markers: “… "term" …” [n] (extractive). */
const WHOLE_QUOTE = /^(\s*[“"](.{8,})[”"])([\s.,;:]*(?:\[[\d\s,;\-–]+\]\s*)*)$/su;

/** The quoted spans of a sentence: the whole quotation first when it is one, then each "…" run. */
function quotesOf(sentence: string): string[] {
  const whole = WHOLE_QUOTE.exec(sentence)?.[2];
  return [...(whole === undefined ? [] : [whole]), ...[...sentence.matchAll(QUOTED)].map((m) => m[1]!)].filter(
    (q) => contentWords(q).length >= 1 && q.split(/\s+/).length >= MIN_QUOTE_WORDS,
  );
}

/** The sentence with a whole quotation blanked: "[12]" quoted from a paper is the paper's reference, not a citation. */
function outsideQuote(sentence: string): string {
  const m = WHOLE_QUOTE.exec(sentence);
  return m === null ? sentence : ' '.repeat(m[1]!.length) + m[3]!;
}

function claimOf(sentence: string): string {
  return sentence.replace(/\[[\d\s,;\-–]+\]/g, ' ').trim();
}

/** The passage sentence sharing most content words with the claim: what to show and highlight. */
function bestSupportingSpan(claim: string, passage: string): { start: number; end: number; score: number } {
  let best = { start: 0, end: Math.min(passage.length, 300), score: 0 };
  for (const s of splitSentences(passage)) {
    const score = lexicalSupport(claim, s.text);
    if (score > best.score) best = { start: s.start, end: s.end, score };
  }
  return best;
}

/**
 * Checks every cited sentence against the passages it cites. A quoted span
 * found in the passage (after normalising whitespace, hyphenation, ligatures
 * and case) is verified; otherwise lexical overlap — and semantic similarity
 * when available — decide supported or unsupported. A citation number that was
 * not given to the model is invalid.
 */
export async function verifyAnswer(
  answer: string,
  passages: readonly CitablePassage[],
  similarity?: SemanticSimilarity,
  options: { attribute?: boolean } = {},
): Promise<Citation[]> {
  const byNumber = new Map(passages.map((p) => [p.n, p]));
  const citations: Citation[] = [];
  for (const sentence of splitSentences(answer)) {
    const markers = parseCitations(outsideQuote(sentence.text));
    if (markers.length === 0) {
      // A sentence that cites nothing is attributed to its best support, or flagged, never passed over.
      const attributed = options.attribute
        ? await attributeSentence(
            sentence,
            passages,
            { lexical: SUPPORT_THRESHOLD, semantic: SEMANTIC_THRESHOLD },
            similarity,
          )
        : null;
      if (attributed !== null) citations.push(attributed);
      continue;
    }
    const claim = claimOf(sentence.text);
    const quotes = quotesOf(sentence.text);
    const numbers = [...new Set(markers.flatMap((m) => m.numbers))];
    for (const n of numbers) {
      const base = { n, sentence: sentence.text, sentenceStart: sentence.start, sentenceEnd: sentence.end };
      const passage = byNumber.get(n);
      if (passage === undefined) {
        citations.push({
          ...base,
          passageId: null,
          paperId: null,
          title: null,
          page: null,
          quote: '',
          status: 'invalid',
          quoteStart: null,
          quoteEnd: null,
          highlight: [],
          support: 0,
        });
        continue;
      }
      const where = { passageId: passage.passageId, paperId: passage.paperId, title: passage.title };
      const found = quotes.map((q) => findNormalized(passage.text, q)).find((r) => r !== null);
      if (found !== undefined && found !== null) {
        citations.push({
          ...base,
          ...where,
          ...placeRange(passage, found.start, found.end),
          quote: passage.text.slice(found.start, found.end),
          status: 'verified',
          quoteStart: found.start,
          quoteEnd: found.end,
          support: 1,
        });
        continue;
      }
      const lexical = lexicalSupport(claim, passage.text);
      const semantic = similarity === undefined ? 0 : await similarity(claim, passage.text);
      const supported =
        lexical >= SUPPORT_THRESHOLD || (semantic >= SEMANTIC_THRESHOLD && lexical >= SUPPORT_THRESHOLD / 2);
      const span = bestSupportingSpan(claim, passage.text);
      citations.push({
        ...base,
        ...where,
        ...placeRange(passage, span.start, span.end),
        quote: passage.text.slice(span.start, span.end),
        status: supported ? 'supported' : 'unsupported',
        quoteStart: span.start,
        quoteEnd: span.end,
        support: Math.max(lexical, semantic),
      });
    }
  }
  return citations;
}
