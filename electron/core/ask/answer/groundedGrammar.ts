/**
 * The grammar a model's answer is held to, so that every sentence cites by construction. llama.cpp applies it while
 * sampling: a token that would break it is never drawn.
 *
 * - `cite`: each sentence is the model's own words and ends with the numbers of the passages it rests on, drawn only
 *   from those given: `… [2].` or `… [1, 3].`
 * - `quote`: each sentence is a passage sentence copied verbatim, with its own passage's number: what the model adds
 *   is the choice and order of the evidence.
 *
 * Either way the answer may instead be a decline, `NOT FOUND: <what is missing>.`, when the passages do not hold it.
 */
export type GrammarStyle = 'cite' | 'quote';

export const DECLINE_PREFIX = 'NOT FOUND:';

/** A GBNF string literal. */
function literal(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, ' '));
}

export interface GrammarEvidence {
  n: number;
  sentences: readonly string[];
}

export function answerGrammar(style: GrammarStyle, evidence: readonly GrammarEvidence[], maxSentences: number): string {
  const numbers = evidence.map((e) => literal(String(e.n)));
  const rules = [
    `root ::= decline | sentence (" " sentence){0,${Math.max(0, maxSentences - 1)}}`,
    // The reason is one plain sentence: words first, so it cannot run on as digits or symbols.
    `decline ::= ${literal(`${DECLINE_PREFIX} `)} [A-Za-z] [^\\n\\[\\].!?\\x00-\\x1f]{0,160} "."`,
  ];
  if (style === 'cite') {
    rules.push(
      // A sentence starts with a word, runs for a few characters at least without brackets, control characters or a
      // sentence end (a full stop only inside a decimal number), and closes with its citation: "… [2]." or "…. [2]".
      `sentence ::= [A-Za-z"“(] piece{8,} (" [" cites "]." | ". [" cites "]")`,
      `piece ::= [^\\[\\]\\n.!?0-9\\x00-\\x1f] | number`,
      `number ::= [0-9]+ ("." [0-9]+)?`,
      `cites ::= cite (", " cite){0,2}`,
      `cite ::= ${numbers.join(' | ')}`,
    );
  } else {
    const quotes = evidence.flatMap((e) =>
      e.sentences.map((s) => `${literal(`“${s.replace(/[“”"]/g, "'")}” [${e.n}]`)}`),
    );
    rules.push(`sentence ::= ${quotes.join(' | ')}`);
  }
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
