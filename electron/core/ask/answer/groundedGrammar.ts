/**
 * The grammar a model's answer is held to, so that every sentence cites by construction. llama.cpp applies it while
 * sampling: a token that would break it is never drawn.
 *
 * - `cite`: each sentence is the model's own words and ends with the numbers of the passages it rests on, drawn only
 *   from those given: `… [2].` or `… [1, 3].`
 * - `quote`: each sentence is an evidence sentence copied verbatim, with its own passage's number: what the model adds
 *   is the choice and order of the evidence.
 * - `lead`: one sentence in the model's own words, cited as in `cite`, then quotations as in `quote`.
 *
 * Any way the answer may instead be a decline, `NOT FOUND: <what is missing>.`, when the passages do not hold it.
 */
export type GrammarStyle = 'cite' | 'quote' | 'lead';

export const DECLINE_PREFIX = 'NOT FOUND:';

/** A GBNF string literal. */
function literal(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, ' '));
}

export interface GrammarEvidence {
  n: number;
  sentences: readonly string[];
}

/**
 * An evidence sentence as the quote styles write it: verbatim between curly quotes (its own double quotes made single,
 * so the quotation cannot end early), then its passage number. The prompt shows evidence in this form, so copying a
 * line is writing a sentence the grammar allows.
 */
export function quotedSentence(sentence: string, n: number): string {
  return `“${sentence.replace(/\s+/g, ' ').replace(/[“”"]/g, "'")}” [${n}]`;
}

/** Whether a style's answer quotes the evidence (and its prompt shows the evidence as quotations). */
export const quotes = (style: GrammarStyle | null): boolean => style === 'quote' || style === 'lead';

/** Quotations stand a paragraph apart, as the extractive answer's do, so each is a sentence of its own. */
const QUOTE_SEPARATOR = JSON.stringify('\n\n');

/**
 * `sentences`: how many the answer holds (a decline aside). `opening`: in quote style, the quotation the answer must open with (the best evidence found), so that what the
 * model may choose is only what follows it.
 */
export function answerGrammar(
  style: GrammarStyle,
  evidence: readonly GrammarEvidence[],
  sentences: { min: number; max: number },
  opening?: { n: number; sentence: string },
): string {
  const maxSentences = sentences.max;
  // Sentences after the first: at least min - 1 of them, as far as the answer may hold.
  const more = (n: number): string => `{${Math.max(0, Math.min(n, sentences.min - 1))},${Math.max(0, n)}}`;
  const first = opening === undefined ? 'quote' : literal(quotedSentence(opening.sentence, opening.n));
  const body = {
    cite: `own (" " own)${more(maxSentences - 1)}`,
    quote: `${first} (${QUOTE_SEPARATOR} quote)${more(maxSentences - 1)}`,
    lead: `own ${QUOTE_SEPARATOR} quote (${QUOTE_SEPARATOR} quote)${more(maxSentences - 2)}`,
  }[style];
  const rules = [
    `root ::= decline | ${body}`,
    // The reason is one plain sentence: words first, so it cannot run on as digits or symbols.
    `decline ::= ${literal(`${DECLINE_PREFIX} `)} [A-Za-z] [^\\n\\[\\].!?\\x00-\\x1f]{0,160} "."`,
  ];
  if (style !== 'quote')
    rules.push(
      // A sentence starts with a word, runs for a few characters at least without brackets, control characters or a
      // sentence end (a full stop only inside a decimal number), and closes with its citation: "… [2]." or "…. [2]".
      `own ::= [A-Za-z"“(] piece{8,} (" [" cites "]." | ". [" cites "]")`,
      `piece ::= [^\\[\\]\\n.!?0-9\\x00-\\x1f] | number`,
      `number ::= [0-9]+ ("." [0-9]+)?`,
      `cites ::= cite (", " cite){0,2}`,
      `cite ::= ${evidence.map((e) => literal(String(e.n))).join(' | ')}`,
    );
  if (style !== 'cite')
    rules.push(
      `quote ::= ${evidence.flatMap((e) => e.sentences.map((s) => literal(quotedSentence(s, e.n)))).join(' | ')}`,
    );
  return `${rules.join('\n')}\n`;
}

/** How long an answer the question asks for: a number or a name takes a sentence or two, a reason or a method more. */
export function answerShape(question: string): { sentences: number; maxTokens: number } {
  const q = question.trim().toLowerCase();
  const short =
    /^(what|which|who|when|where|how (many|much|long|large|big|fast|often))\b/.test(q) && !/\bwhy\b/.test(q);
  const sentences = short ? 2 : 4;
  return { sentences, maxTokens: 48 * sentences + 16 };
}
