import type { Sampling } from '../../models/runtime/protocol.js';
import { selectEvidence, type PassageEvidence } from './evidence.js';
import type { PromptFormat } from './prompt.js';
import { answerGrammar, answerShape, DECLINE_PREFIX, type GrammarStyle } from './groundedGrammar.js';

/**
 * How a model writes an answer. The default is what `npm run eval:answers` measured best (see the README); the eval
 * sets others to compare.
 */
export interface AnswerDesign {
  /** The grammar every answer is held to; null: free text, citations only asked for. */
  grammar: GrammarStyle | null;
  /** Sentences of each passage the prompt carries (evidence selection); null: whole passages. */
  evidencePerPassage: number | null;
  /** Repetition penalties and the loop stop. */
  antiRepeat: boolean;
}

export const DEFAULT_DESIGN: AnswerDesign = { grammar: 'cite', evidencePerPassage: 3, antiRepeat: true };

/** Penalties mild enough not to push a model off the passages' own words, which it is asked to reuse. */
const SAMPLING: Sampling = {
  repeatPenalty: { penalty: 1.1, lastTokens: 128 },
  dry: { strength: 0.8, allowedLength: 4, lastTokens: 256 },
};

interface Passage {
  n: number;
  text: string;
  section?: string;
}

export interface GenerationPlan<P extends Passage> {
  /** The passages as the prompt gives them: whole, or only their evidence sentences. */
  prompted: P[];
  evidence: PassageEvidence[];
  format: PromptFormat;
  grammar: string | undefined;
  sampling: Sampling | undefined;
  stopOnLoop: boolean;
  sentences: number;
  maxTokens: number;
}

/** What the model is given and held to for one question under a design. */
export function planGeneration<P extends Passage>(
  design: AnswerDesign,
  question: string,
  passages: readonly P[],
): GenerationPlan<P> {
  const evidence = selectEvidence(question, passages, design.evidencePerPassage ?? 3);
  const shape = answerShape(question);
  const byN = new Map(evidence.map((e) => [e.n, e.sentences]));
  const prompted =
    design.evidencePerPassage === null
      ? [...passages]
      : // Each sentence carries its passage's number as an answer sentence should: copying one copies its citation.
        passages
          .filter((p) => byN.has(p.n))
          .map((p) => ({
            ...p,
            text: byN
              .get(p.n)!
              .map((t) => `${t} [${p.n}]`)
              .join('\n'),
          }));
  // A quote is drawn from the evidence sentences; a citation from the numbers of the passages prompted.
  const given = design.grammar === 'quote' ? evidence : prompted.map((p) => ({ n: p.n, sentences: [] }));
  return {
    prompted,
    evidence,
    format: design.evidencePerPassage === null ? 'passages' : 'evidence',
    grammar:
      design.grammar === null || given.length === 0 ? undefined : answerGrammar(design.grammar, given, shape.sentences),
    sampling: design.antiRepeat ? SAMPLING : undefined,
    stopOnLoop: design.antiRepeat,
    sentences: shape.sentences,
    maxTokens: shape.maxTokens,
  };
}

/** A first sentence that says the passages lack the answer, in the words models use for it. */
const ABSENCE =
  /\b(?:(?:is|are|was|were) not (?:found|mentioned|specified|stated|provided|given|described|discussed|reported|included|available)|(?:does|do|did) not (?:say|mention|specify|state|provide|describe|report|include|contain|give)|no (?:information|mention|details?|data) (?:on|about|of|regarding)|cannot be (?:determined|answered|found))\b/i;

/**
 * The model's reason when it declined: in the set form (`NOT FOUND: …`), or in its own words in its first sentence
 * (a model that cites may still write "The speedup is not mentioned in the passages [1]."); else null.
 */
export function declineReason(text: string): string | null {
  const at = text.indexOf(DECLINE_PREFIX);
  if (at !== -1 && text.slice(0, at).trim() === '') return text.slice(at + DECLINE_PREFIX.length).trim();
  const first = /^[^]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return ABSENCE.test(first) ? first.replace(/\s*\[[\d\s,;\-–]+\]/g, '') : null;
}
