import { contentWords, normalizeForMatch } from '../citations/textMatch.js';

/** Share of the question's content words a passage must hold to count as on-topic by words alone. */
const MIN_COVERAGE = 0.5;
/**
 * Cosine similarity above which a passage is on-topic by meaning alone. Sentence
 * embedders (MiniLM, bge-small) put paraphrases of a passage's point above ~0.5
 * and unrelated scientific text below ~0.35.
 */
const MIN_SIMILARITY = 0.5;
/**
 * A passage just short of MIN_COVERAGE still counts when something corroborates
 * it: cosine ≥ NEAR_SIMILARITY when the embedder scored the passages, else a
 * third shared word. Long claims (SciFact) rarely have half their words in one passage.
 */
const NEAR_COVERAGE = 0.4;
const NEAR_SIMILARITY = 0.35;
/**
 * A question whose content words are this often absent from the whole library
 * is about something else ("Who won the 1998 World Cup?": no "cup"), however
 * many common words ("world", "1998") a passage shares with it. It vetoes word
 * overlap only: a passage close in meaning stands on its own.
 */
export const MAX_UNKNOWN_SHARE = 0.25;
/**
 * A small library lacks ordinary words a question may use ("unreliable"), so
 * absence means little there: with each corpus question's paper and others
 * drawn at random, a quarter of its words were unknown in 3 % of 1–5-paper
 * libraries, 1 % at 8–12 papers (~500 passages), none from 20.
 */
const MIN_VOCABULARY_PASSAGES = 500;

export interface Candidate {
  title: string;
  text: string;
  similarity: number | null;
}

/** The library's words, for the unknown-words check. */
export interface Vocabulary {
  /** Whether the library holds at least this many passages. */
  atLeast(passages: number): boolean;
  /** Whether any passage holds the word. */
  has(word: string): boolean;
}

/** How many of the question's distinct content words the passage (with its paper title) contains. */
export function coverage(
  question: string,
  passage: Pick<Candidate, 'title' | 'text'>,
): { matched: number; total: number } {
  const words = [...new Set(contentWords(question))];
  const have = new Set(contentWords(`${passage.title} ${passage.text}`));
  return { matched: words.filter((w) => have.has(w)).length, total: words.length };
}

/** Share of the question's distinct content words (one per stem, as written) that `known` rejects. */
export function unknownShare(question: string, known: (word: string) => boolean): number {
  const written = new Map<string, string>();
  for (const word of normalizeForMatch(question).text.split(/[^\p{L}\p{N}]+/u)) {
    const [stem] = contentWords(word);
    if (stem !== undefined && !written.has(stem)) written.set(stem, word);
  }
  if (written.size === 0) return 0;
  return [...written.values()].filter((w) => !known(w)).length / written.size;
}

/**
 * Whether retrieval found anything worth answering from. Full-text search
 * matches any single shared word, so a hit alone proves little: a passage must
 * be close in meaning by the embedder, or hold at least half of the question's
 * content words (and two of them when the question has two or more), or 40 %
 * with corroboration (see NEAR_COVERAGE); and for word overlap to count in a
 * library large enough to judge by, three quarters of the question's words
 * must occur somewhere in it. Thresholds measured by `npm run eval:abstention`.
 */
export function isRelevant(question: string, passages: readonly Candidate[], vocabulary?: Vocabulary): boolean {
  if (passages.some((p) => p.similarity !== null && p.similarity >= MIN_SIMILARITY)) return true;
  if (
    vocabulary?.atLeast(MIN_VOCABULARY_PASSAGES) === true &&
    unknownShare(question, (w) => vocabulary.has(w)) >= MAX_UNKNOWN_SHARE
  )
    return false;
  const embedded = passages.some((p) => p.similarity !== null);
  return passages.some((p) => {
    const { matched, total } = coverage(question, p);
    if (total === 0) return false;
    if (matched / total >= MIN_COVERAGE && matched >= Math.min(2, total)) return true;
    const corroborated = embedded
      ? p.similarity !== null && p.similarity >= NEAR_SIMILARITY && matched >= 2
      : matched >= 3;
    return matched / total >= NEAR_COVERAGE && corroborated;
  });
}

/**
 * The question's names and codes, as written: words with a capital letter past the question's first word ("PaSa",
 * "LitSearch", "Ethereum", "YAML") or with a digit ("Tox21", "H0", "2100"). They pin down what is asked about, so a
 * passage that lacks them does not answer it, however many other words it shares.
 */
export function specificTerms(question: string): string[] {
  const terms = new Map<string, string>();
  const words = question
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  words.forEach((word, i) => {
    const [stem] = contentWords(word);
    if (stem === undefined || word.length < 2 || terms.has(stem)) return;
    if ((i > 0 && /\p{Lu}/u.test(word)) || /\p{Lu}/u.test(word.slice(1)) || /\p{N}/u.test(word)) terms.set(stem, word);
  });
  return [...terms.values()];
}

export interface MissingTerms {
  /** Names and codes of the question that no passage of the library holds: it cannot answer. */
  absent: string[];
  /** Names and codes the library holds, but in none of the passages found. */
  unretrieved: string[];
}

/**
 * The question's names and codes that no retrieved passage holds, nor its paper's title or file name (a reader may name
 * a paper by its file, "the Rcpp JSS paper"), split by whether the library holds them elsewhere.
 */
export function missingTerms(
  question: string,
  passages: readonly Pick<Candidate, 'title' | 'text'>[],
  vocabulary: Pick<Vocabulary, 'has'>,
  fileNames: () => readonly string[] = () => [],
): MissingTerms {
  const found = new Set(passages.flatMap((p) => contentWords(`${p.title} ${p.text}`)));
  const inText = (t: string): boolean => found.has(contentWords(t)[0]!);
  let missing = specificTerms(question).filter((t) => !inText(t));
  // The file names are looked up only for a name the passages lack: most questions have none.
  if (missing.length > 0) {
    for (const word of fileNames().flatMap(nameWords)) found.add(word);
    missing = missing.filter((t) => !inText(t));
  }
  return {
    absent: missing.filter((t) => !vocabulary.has(t)),
    unretrieved: missing.filter((t) => vocabulary.has(t)),
  };
}

/** The words of a file name: "Rcpp-jss-2011.pdf" → rcpp, jss, 2011. */
function nameWords(fileName: string): string[] {
  return contentWords(fileName.replace(/\.[a-z0-9]+$/i, '').replace(/[_.-]+/g, ' '));
}
