import type { Sampling } from '../../models/runtime/protocol.js';
import { selectEvidence, type EvidenceLimits, type PassageEvidence } from './evidence.js';
import type { PromptFormat } from './prompt.js';
import {
  answerGrammar,
  answerShape,
  DECLINE_PREFIX,
  quotedSentence,
  quotes,
  type GrammarStyle,
} from './groundedGrammar.js';

/**
 * How a model writes an answer. The default is what `npm run eval:answers` measured best (see the README); the eval
 * sets others to compare.
 */
export interface AnswerDesign {
  /** The grammar every answer is held to; null: free text, citations only asked for. */
  grammar: GrammarStyle | null;
  /** The passage sentences the prompt carries (evidence selection); null: whole passages. */
  evidence: EvidenceLimits | null;
  /** Repetition penalties and the loop stop. */
  antiRepeat: boolean;
  /** Quote style: the answer opens with the best evidence sentence, and the model chooses what follows. */
  bestFirst: boolean;
  /** The fewest sentences an answer that does not decline holds (fewer when the evidence has fewer). */
  minSentences: number;
}

export const DEFAULT_DESIGN: AnswerDesign = {
  grammar: 'quote',
  evidence: { perPassage: 2, total: 6, order: 'score' },
  antiRepeat: true,
  bestFirst: true,
  minSentences: 1,
};

/**
 * Sentences in the model's own words, each ending with the numbers of passages it was given: what an evaluation
 * scores (a quotation can never match a short expected answer), and the design before the quote design.
 */
export const CITE_DESIGN: AnswerDesign = {
  grammar: 'cite',
  evidence: { perPassage: 3, total: 18, order: 'passage' },
  antiRepeat: true,
  bestFirst: false,
  minSentences: 1,
};

/** What the client is shown as evidence when a design gives the model whole passages. */
const WHOLE_PASSAGES_EVIDENCE: EvidenceLimits = { perPassage: 3, total: Infinity, order: 'passage' };

/** The evidence sentences a design selects (those it shows the client before any model reads). */
export const evidenceLimits = (design: AnswerDesign): EvidenceLimits => design.evidence ?? WHOLE_PASSAGES_EVIDENCE;

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
  const evidence = selectEvidence(question, passages, evidenceLimits(design));
  const shape = answerShape(question);
  const byN = new Map(passages.map((p) => [p.n, p]));
  // Each sentence is written as an answer sentence should be: copying one copies its citation (and its quotation).
  const line = quotes(design.grammar) ? quotedSentence : (t: string, n: number) => `${t} [${n}]`;
  const prompted =
    design.evidence === null
      ? [...passages]
      : evidence.map((e) => ({ ...byN.get(e.n)!, text: e.sentences.map((t) => line(t, e.n)).join('\n') }));
  // A quote is drawn from the evidence sentences; a citation from the numbers of the passages prompted.
  const given = quotes(design.grammar) ? evidence : prompted.map((p) => ({ n: p.n, sentences: [] }));
  const best = selectEvidence(question, passages, { perPassage: 1, total: 1, order: 'score' })[0];
  const opening =
    design.grammar === 'quote' && design.bestFirst && best !== undefined
      ? { n: best.n, sentence: best.sentences[0]! }
      : undefined;
  return {
    prompted,
    evidence,
    format: design.evidence === null ? 'passages' : 'evidence',
    grammar:
      design.grammar === null || given.length === 0
        ? undefined
        : answerGrammar(
            design.grammar,
            given,
            {
              min: Math.min(
                design.minSentences,
                evidence.reduce((a, e) => a + e.sentences.length, 0),
              ),
              max: shape.sentences,
            },
            opening,
          ),
    sampling: design.antiRepeat ? SAMPLING : undefined,
    stopOnLoop: design.antiRepeat,
    sentences: shape.sentences,
    maxTokens:
      design.grammar === 'quote'
        ? quoteTokens(evidence, shape.sentences)
        : design.grammar === 'lead'
          ? quoteTokens(evidence, shape.sentences - 1) + 48
          : shape.maxTokens,
  };
}

/**
 * Room for the longest quotations the answer may hold, so none is cut before its citation: about three characters a
 * token, which English prose never falls below with these models' tokenizers.
 */
function quoteTokens(evidence: readonly PassageEvidence[], sentences: number): number {
  const longest = evidence
    .flatMap((e) => e.sentences.map((s) => quotedSentence(s, e.n).length + 2))
    .sort((a, b) => b - a)
    .slice(0, sentences);
  return Math.ceil(longest.reduce((a, b) => a + b, 0) / 3) + 16;
}

/**
 * The answer as kept: in the quote styles, without a quotation the runtime left open at its end (a loop stop or the
 * length cut it before its citation), which would read as an uncited sentence. One the user stopped is kept as written.
 */
export function finishedAnswer(design: AnswerDesign, text: string, stopReason: string): string {
  const cut = stopReason === 'loop' || stopReason === 'maxTokens' || stopReason === 'contextFull';
  return quotes(design.grammar) && cut ? text.replace(/\s*“[^”]*$/, '') : text;
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
  // A quotation is the paper's words, not the model's: "… is not reported in [12]" there is no decline.
  if (/^\s*“/.test(text)) return null;
  const first = /^[^]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return ABSENCE.test(first) ? first.replace(/\s*\[[\d\s,;\-–]+\]/g, '') : null;
}
