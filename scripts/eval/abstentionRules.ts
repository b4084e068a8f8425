import {
  coverage,
  isRelevant,
  MAX_UNKNOWN_SHARE,
  unknownShare,
  type Candidate,
  type Vocabulary,
} from '../../electron/core/ask/retrieval/relevance.js';
import { splitSentences } from '../../electron/core/ask/citations/sentences.js';
import { contentWords } from '../../electron/core/ask/citations/textMatch.js';

/** What a gate rule sees: the question, the passages Ask retrieved, and the library's vocabulary. */
export interface GateInput {
  question: string;
  passages: Candidate[];
  vocabulary: Vocabulary;
  /** Passages of the library holding the word (for rarest-word rules). */
  frequency: (word: string) => number;
}

export interface GateRule {
  name: string;
  relevant: (input: GateInput) => boolean;
}

function lexical(question: string, p: Pick<Candidate, 'title' | 'text'>, minCoverage = 0.5): boolean {
  const { matched, total } = coverage(question, p);
  return total > 0 && matched / total >= minCoverage && matched >= Math.min(2, total);
}

const cosine = (p: Candidate, t = 0.5): boolean => p.similarity !== null && p.similarity >= t;

/** The question's `n` rarest content words (stemmed) by library frequency; words the library lacks come first. */
function rarest(input: GateInput, n: number): string[] {
  const byStem = new Map<string, number>();
  for (const raw of input.question.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const [stem] = contentWords(raw);
    if (stem !== undefined) byStem.set(stem, Math.min(byStem.get(stem) ?? Infinity, input.frequency(raw)));
  }
  return [...byStem]
    .sort((a, b) => a[1] - b[1])
    .slice(0, n)
    .map(([w]) => w);
}

function holds(p: Candidate, words: readonly string[]): boolean {
  const have = new Set(contentWords(`${p.title} ${p.text}`));
  return words.every((w) => have.has(w));
}

/** The gate before this measurement: half the words (two at least) or cosine ≥ 0.5. */
const before = (i: GateInput): boolean => i.passages.some((p) => cosine(p) || lexical(i.question, p));

/** The gate as Ask runs it, then the variants tried against the one before it. */
export const gateRules: GateRule[] = [
  { name: 'before: coverage ≥ 0.5 or cosine ≥ 0.5', relevant: before },
  { name: 'now: isRelevant', relevant: (i) => isRelevant(i.question, i.passages, i.vocabulary) },
  { name: 'before, cosine ≥ 0.6', relevant: (i) => i.passages.some((p) => cosine(p, 0.6) || lexical(i.question, p)) },
  { name: 'before, coverage ≥ 0.6', relevant: (i) => i.passages.some((p) => cosine(p) || lexical(i.question, p, 0.6)) },
  {
    name: 'before, over the best sentence',
    relevant: (i) =>
      i.passages.some(
        (p) => cosine(p) || splitSentences(p.text).some((s) => lexical(i.question, { title: p.title, text: s.text })),
      ),
  },
  {
    name: 'before + rarest word held',
    relevant: (i) => i.passages.some((p) => cosine(p) || (lexical(i.question, p) && holds(p, rarest(i, 1)))),
  },
  {
    name: 'before + best cosine ≥ 0.3',
    relevant: (i) =>
      before(i) && (i.passages.every((p) => p.similarity === null) || i.passages.some((p) => cosine(p, 0.3))),
  },
  {
    name: 'before + unknown words < 25 %',
    relevant: (i) => before(i) && unknownShare(i.question, (w) => i.vocabulary.has(w)) < MAX_UNKNOWN_SHARE,
  },
  { name: 'now without the unknown-words check', relevant: (i) => isRelevant(i.question, i.passages) },
];
