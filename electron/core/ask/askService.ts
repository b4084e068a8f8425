import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ScholiumError, type GenerationEvent } from '../../contract/index.js';
import type { Answer, AnswerPassage, askOps, Citation, Scope, SearchHit } from '../../contract/ops/ask.js';
import type { CoreContext } from '../context.js';
import type { CallContext, HandlersFor } from '../dispatch.js';
import { PassageSearch } from '../library/search/passageSearch.js';
import { resolveScope } from '../library/search/scope.js';
import { PaperQueries, type PaperReference } from '../library/store/paperQueries.js';
import type { Embedder } from '../models/embedder.js';
import type { ModelService } from '../models/modelService.js';
import type { ModelRecord } from '../models/registry.js';
import { StreamingCitationParser } from './citations/citationParser.js';
import { ConversationStore, type MarkedTurns } from './conversations/conversationStore.js';
import { conversationBibtex, conversationMarkdown } from './conversations/exportConversation.js';
import { extractiveAnswer } from './answer/extractive.js';
import {
  acceptRewrite,
  heuristicStandalone,
  needsContext,
  rewriteMessages,
  type Exchange,
} from './retrieval/followUp.js';
import { buildPrompt } from './answer/prompt.js';
import { withGenerationSettings } from '../models/generationSettings.js';
import {
  DEFAULT_DESIGN,
  declineReason,
  evidenceLimits,
  finishedAnswer,
  planGeneration,
  type AnswerDesign,
} from './answer/answerDesign.js';
import { selectEvidence } from './answer/evidence.js';
import { verifyAnswer, type SemanticSimilarity } from './citations/verify.js';
import { isRelevant, missingTerms, type MissingTerms } from './retrieval/relevance.js';
import { Retriever, type RetrievedPassage } from './retrieval/retriever.js';

export interface AskInput {
  requestId: string;
  question: string;
  conversationId?: string;
  scope: Scope;
  k: number;
  modelId?: string | null;
  adapters: { id: string; scale: number }[];
  useRetrieval: boolean;
  /** Cap on the answer's tokens (evaluations of short answers); default: what the context leaves. */
  maxTokens?: number;
  /** The answer design, when not the service's own (evaluations score a model's answers in its own words). */
  design?: AnswerDesign;
}

/** Tokens kept free for the answer when fitting passages into the context: a quarter of it, at most 512. */
const answerTokens = (contextSize: number): number => Math.min(512, Math.floor(contextSize / 4));
const REWRITE_TOKENS = 64;

export const ABSTAIN_TEXT =
  'The library does not contain an answer to this question: no passage in the searched papers is relevant enough to answer from. Try other words, widen the scope, or import the papers that discuss it.';

/**
 * The decline when the question names something no passage found mentions: `absent` ones the library holds nowhere,
 * `unretrieved` ones it holds only in passages that did not come up for the question.
 */
export const abstainText = ({ absent, unretrieved }: MissingTerms): string =>
  absent.length > 0
    ? `The library does not contain an answer to this question: no passage in it mentions ${termList(absent)}. Try other words, widen the scope, or import the papers that discuss it.`
    : unretrieved.length > 0
      ? `The passages found for this question do not mention ${termList(unretrieved)}, so they do not answer it; other passages of the library do. Search for ${unretrieved.length === 1 ? 'it' : 'them'}, or ask again with the words those passages use.`
      : ABSTAIN_TEXT;

const termList = (terms: readonly string[]): string =>
  terms.map((t) => `“${t}”`).join(terms.length === 2 ? ' or ' : ', ');

export const NO_RETRIEVAL_SYSTEM = 'Answer the question concisely and accurately. Say so when you do not know.';

/**
 * The ask concern: hybrid retrieval, follow-up rewriting, prompting within
 * the model's context, streamed generation with citations resolved as they
 * arrive, verification of every citation, and the conversation record.
 */
export class AskService {
  readonly retriever: Retriever;
  readonly conversations: ConversationStore;
  private readonly papers: PaperQueries;
  /** Running answers by request id, so ask.stop can end them. */
  private readonly running = new Map<string, AbortController>();
  /** How models write answers; `npm run eval:answers` sets others to compare designs. */
  design: AnswerDesign = DEFAULT_DESIGN;

  constructor(
    private readonly ctx: CoreContext,
    private readonly models: ModelService,
    markedTurns: MarkedTurns,
  ) {
    this.retriever = new Retriever(new PassageSearch(ctx.db), {
      embedder: () => this.embedder(),
      reranker: () => this.reranker(),
    });
    this.conversations = new ConversationStore(ctx.db, markedTurns);
    this.papers = new PaperQueries(ctx.db);
  }

  /** The default embedder, or null when no embedding model is set. */
  private embedder(): Embedder | null {
    return this.models.registry.defaults().embedding === null ? null : this.models.embedder();
  }

  private reranker(): ((query: string, documents: readonly string[]) => Promise<number[]>) | null {
    return this.models.registry.defaults().reranker === null
      ? null
      : (query, documents) => this.models.rank(query, documents);
  }

  async search(query: string, k: number, scope: Scope): Promise<SearchHit[]> {
    const hits = await this.retriever.search(query, { k, scope: resolveScope(this.ctx.db, scope) });
    return hits.map(toHit);
  }

  /** The chat model an ask uses: the one named, the default one, or none (null: extractive answers). */
  private chatModel(modelId: string | null | undefined): ModelRecord | null {
    if (modelId === null) return null;
    if (modelId === undefined) {
      const fallback = this.models.registry.defaults().chat;
      return fallback === null ? null : this.models.resolveModel('chat', fallback);
    }
    return this.models.resolveModel('chat', modelId);
  }

  async ask(input: AskInput, call: CallContext): Promise<Answer> {
    if (this.running.has(input.requestId))
      throw new ScholiumError('INVALID_REQUEST', `An answer with request id ${input.requestId} is already running.`);
    const model = this.chatModel(input.modelId);
    if (model === null && input.adapters.length > 0)
      throw new ScholiumError('INVALID_REQUEST', 'Adapters need a chat model: choose one, or ask without adapters.');
    if (model === null && !input.useRetrieval)
      throw new ScholiumError(
        'INVALID_REQUEST',
        'Without a chat model, answers come from the library: turn retrieval on or choose a chat model.',
      );
    const scope = resolveScope(this.ctx.db, input.scope);
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, call.signal]);
    this.running.set(input.requestId, controller);
    const emit = (event: DistributiveOmit<GenerationEvent, 'channel' | 'requestId'>): void =>
      call.emit({ channel: 'generation', requestId: input.requestId, ...event } as GenerationEvent);
    try {
      const started = performance.now();
      const conversationId = this.conversations.ensure(input.conversationId, input.question);
      const history = this.conversations.history(conversationId);
      const standaloneQuery = await this.standalone(input.question, history, model, signal);
      const fallbacks: string[] = [];
      const found = input.useRetrieval
        ? await this.retriever.search(standaloneQuery, { k: input.k, scope, onFallback: (r) => fallbacks.push(r) })
        : [];
      const retrievalMs = performance.now() - started;
      const missing = input.useRetrieval
        ? missingTerms(standaloneQuery, found, this.retriever.vocabulary, () => this.retriever.fileNames(found))
        : { absent: [], unretrieved: [] };
      // A passage that lacks a name or code the question asks about does not answer it, however much else it shares.
      const relevant =
        !input.useRetrieval ||
        (missing.absent.length === 0 &&
          missing.unretrieved.length === 0 &&
          isRelevant(standaloneQuery, found, this.retriever.vocabulary));
      const numbered = found.map((p, i) => ({ ...p, n: i + 1 }));
      const base = {
        turnId: randomUUID(),
        conversationId,
        question: input.question,
        standaloneQuery,
        createdAt: new Date().toISOString(),
        notes: fallbacks,
        markedGood: false,
      };
      if (relevant && numbered.length > 0) {
        // The evidence is on screen while a model reads: passages, their sentences that bear, the extractive answer.
        const evidence = selectEvidence(standaloneQuery, numbered, evidenceLimits(input.design ?? this.design));
        emit({
          type: 'evidence',
          passages: numbered.map(toAnswerPassage),
          sentences: evidence.flatMap((e) => e.sentences.map((text) => ({ n: e.n, text }))),
          extractive: extractiveAnswer(standaloneQuery, numbered).text,
        });
      }
      const draft: AnswerDraft = { base, query: standaloneQuery, passages: numbered, started, retrievalMs, emit };
      const answer = !relevant
        ? abstained(draft, undefined, missing)
        : model === null
          ? await this.extractive(draft)
          : await this.generated({ ...draft, input, model, signal });
      this.conversations.append(answer);
      emit({ type: 'done', stopReason: answer.stopReason });
      return answer;
    } catch (error) {
      emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.running.delete(input.requestId);
    }
  }

  stop(requestId: string): boolean {
    const controller = this.running.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }

  /**
   * A follow-up rewritten to stand alone: by the chat model when there is one, else by carrying the last question's
   * words.
   */
  private async standalone(
    question: string,
    history: Exchange[],
    model: ModelRecord | null,
    signal: AbortSignal,
  ): Promise<string> {
    if (!needsContext(question, history)) return question;
    if (model === null) return heuristicStandalone(question, history);
    const rewrite = await this.models.generate({
      modelId: model.id,
      messages: rewriteMessages(question, history),
      maxTokens: REWRITE_TOKENS,
      signal,
    });
    return acceptRewrite(rewrite.text, question, history);
  }

  private async extractive(draft: AnswerDraft): Promise<Answer> {
    const { base, query, passages, started, retrievalMs, emit } = draft;
    // Sentences only from passages that bear on the question on their own: never filler from unrelated papers.
    const extract = extractiveAnswer(
      query,
      passages.filter((p) => this.bearsOn(query, p)),
    );
    if (extract.text === '') return abstained(draft);
    emit({ type: 'token', text: extract.text });
    const citations = this.withBearing(query, await verifyAnswer(extract.text, passages, this.similarity()), passages);
    for (const c of citations)
      emit({
        type: 'citation',
        n: c.n,
        passageId: c.passageId,
        paperId: c.paperId,
        title: c.title,
        page: c.page,
        highlight: c.highlight,
      });
    const firstTokenMs = performance.now() - started;
    return {
      ...base,
      answer: extract.text,
      mode: 'extractive',
      citations,
      passages: passages.map(toAnswerPassage),
      model: null,
      adapters: [],
      stopReason: 'extractive',
      timings: timings(started, retrievalMs, firstTokenMs),
    };
  }

  private async generated(
    draft: AnswerDraft & { input: AskInput; model: ModelRecord; signal: AbortSignal },
  ): Promise<Answer> {
    const { base, input, model, query, passages: found, started, retrievalMs, signal, emit } = draft;
    let messages;
    let passages = found;
    const design = input.design ?? this.design;
    let plan = planGeneration(design, query, found);
    const settings = this.models.generationSettings();
    const contextTokens = this.models.contextSize(model.id);
    const budget = {
      contextTokens,
      answerTokens:
        settings.maxAnswerTokens === null
          ? answerTokens(contextTokens)
          : Math.min(settings.maxAnswerTokens, Math.floor(contextTokens / 2)),
      sentences: plan.sentences,
    };
    if (input.useRetrieval) {
      if (plan.prompted.length === 0) return abstained(draft);
      const countTokens = async (text: string): Promise<number> =>
        (await this.models.countTokens([text], model.id))[0] ?? 0;
      const prompt = await buildPrompt(query, plan.prompted, budget, countTokens, plan.format);
      if (prompt.omitted.length > 0) {
        base.notes.push(
          `${prompt.omitted.length} of ${found.length} passages did not fit ${model.name}'s context and were left out whole (passages ${prompt.omitted.map((n) => `[${n}]`).join(', ')}).`,
        );
      }
      if (prompt.included.length === 0) {
        throw new ScholiumError(
          'UNSUPPORTED',
          `${model.name}'s context (${budget.contextTokens} tokens) is too small to hold even one passage and an answer.`,
        );
      }
      messages = prompt.messages;
      if (prompt.omitted.length > 0) {
        const kept = new Set(prompt.included);
        // Renumber what the model saw so [n] in its answer and in the list agree.
        passages = found.filter((p) => kept.has(p.n)).map((p, i) => ({ ...p, n: i + 1 }));
        plan = planGeneration(design, query, passages);
        messages = (await buildPrompt(query, plan.prompted, budget, countTokens, plan.format)).messages;
      }
    } else {
      messages = [
        { role: 'system' as const, content: NO_RETRIEVAL_SYSTEM },
        { role: 'user' as const, content: input.question },
      ];
    }
    const parser = new StreamingCitationParser();
    const byNumber = new Map(passages.map((p) => [p.n, p]));
    // A marker resolves at once to its passage, paper, page and the passage's place there; verification narrows it to
    // the quote.
    const resolve = (n: number): DistributiveOmit<GenerationEvent & { type: 'citation' }, 'channel' | 'requestId'> => {
      const p = byNumber.get(n);
      return p === undefined
        ? { type: 'citation', n, passageId: null, paperId: null, title: null, page: null, highlight: [] }
        : {
            type: 'citation',
            n,
            passageId: p.passageId,
            paperId: p.paperId,
            title: p.title,
            page: p.page,
            highlight: p.boxes,
          };
    };
    let firstTokenMs: number | null = null;
    const chosen = withGenerationSettings(settings, plan);
    const result = await this.models.generate({
      modelId: model.id,
      adapters: input.adapters,
      messages,
      maxTokens: Math.min(budget.answerTokens, input.maxTokens ?? chosen.maxTokens),
      temperature: chosen.temperature,
      ...(input.useRetrieval ? { grammar: plan.grammar } : {}),
      sampling: chosen.sampling,
      stopOnLoop: plan.stopOnLoop,
      signal,
      onToken: (text) => {
        firstTokenMs ??= performance.now() - started;
        emit({ type: 'token', text });
        for (const marker of parser.push(text)) for (const n of marker.numbers) emit(resolve(n));
      },
    });
    const text = finishedAnswer(design, result.text, result.stopReason);
    const reason = input.useRetrieval ? declineReason(text) : null;
    if (reason !== null) return { ...abstained({ ...draft, passages }, reason), model: result.model };
    if (result.stopReason === 'loop') base.notes.push('The model began repeating itself; the answer stops there.');
    if (result.cutOff !== null) base.notes.push(`${result.cutOff} The text so far is kept; ask again for the rest.`);
    const citations = input.useRetrieval
      ? this.withBearing(query, await verifyAnswer(text, passages, this.similarity(), { attribute: true }), passages)
      : [];
    return {
      ...base,
      answer: text,
      mode: 'generated',
      citations,
      passages: passages.map(toAnswerPassage),
      model: result.model,
      adapters: result.adapters,
      stopReason: result.stopReason,
      timings: timings(started, retrievalMs, firstTokenMs),
    };
  }

  /** Whether one passage bears on the question by itself, by the relevance gate. */
  private bearsOn(query: string, passage: RetrievedPassage): boolean {
    return isRelevant(query, [passage], this.retriever.vocabulary);
  }

  /** Citations marked with whether their passage bears on the question (a found quote may still be beside it). */
  private withBearing(query: string, citations: Citation[], passages: readonly Numbered[]): Citation[] {
    const byNumber = new Map(passages.map((p) => [p.n, p]));
    return citations.map((c) => {
      const passage = byNumber.get(c.n);
      return passage === undefined ? c : { ...c, bearsOnQuestion: this.bearsOn(query, passage) };
    });
  }

  /** Cosine similarity by the default embedder, for the verifier; undefined when none is set. */
  private similarity(): SemanticSimilarity | undefined {
    const embedder = this.embedder();
    if (embedder === null) return undefined;
    // One answer cites the same passages from many sentences: embed each text once.
    const vectors = new Map<string, Promise<Float32Array>>();
    const vector = (text: string): Promise<Float32Array> => {
      let v = vectors.get(text);
      if (v === undefined) {
        v = embedder.embed([text], { kind: 'passage' }).then(([only]) => only!);
        vectors.set(text, v);
      }
      return v;
    };
    return async (claim, passage) => {
      const [a, b] = await Promise.all([vector(claim), vector(passage)]);
      let dot = 0;
      for (let i = 0; i < a.length; i += 1) dot += a[i]! * b[i]!;
      return dot;
    };
  }

  private reference(paperId: string): PaperReference | null {
    return this.papers.citation(paperId);
  }

  handlers(): HandlersFor<typeof askOps> {
    return {
      'ask.search': ({ query, k, scope }) => this.search(query, k, scope),
      'ask.ask': (input, call) => this.ask(input, call),
      'ask.stop': ({ requestId }) => ({ stopped: this.stop(requestId) }),
      'conversations.list': () => this.conversations.list(),
      'conversations.get': ({ conversationId }) => this.conversations.get(conversationId),
      'conversations.delete': ({ conversationId }) => ({ deleted: this.conversations.delete(conversationId) }),
      'conversations.export': ({ conversationId, format }) => {
        const conversation = this.conversations.get(conversationId);
        const slug =
          conversation.title
            .replace(/[^\p{L}\p{N}]+/gu, '-')
            .replace(/^-|-$/g, '')
            .slice(0, 60)
            .toLowerCase() || 'conversation';
        return format === 'markdown'
          ? {
              filename: `${slug}.md`,
              mimeType: 'text/markdown',
              content: conversationMarkdown(conversation.title, conversation.turns, (id) => this.reference(id)),
            }
          : {
              filename: `${slug}.bib`,
              mimeType: 'application/x-bibtex',
              content: conversationBibtex(conversation.turns, (id) => this.reference(id)),
            };
      },
    };
  }

  /** Ends every running answer (the core is closing). */
  close(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Emit = (event: DistributiveOmit<GenerationEvent, 'channel' | 'requestId'>) => void;
type Numbered = RetrievedPassage & { n: number };
type AnswerBase = Pick<
  Answer,
  'turnId' | 'conversationId' | 'question' | 'standaloneQuery' | 'createdAt' | 'notes' | 'markedGood'
>;

/** An answer in the making: what each way of answering (abstaining, extracting, generating) starts from. */
interface AnswerDraft {
  base: AnswerBase;
  /** The question as searched: a follow-up rewritten to stand alone. */
  query: string;
  /** The passages found, numbered as the answer cites them. */
  passages: Numbered[];
  /** When answering began (performance.now()), and how long retrieval took. */
  started: number;
  retrievalMs: number;
  emit: Emit;
}

/**
 * An answer declined: by the relevance gate or for want of evidence (the fixed reply, streamed here), or by the model
 * with its reason (already streamed as the model wrote it).
 */
/** A decline: by the gate (naming what no passage mentions, when known), or by the model with its reason. */
function abstained(
  { base, passages, started, retrievalMs, emit }: AnswerDraft,
  reason?: string,
  missing: MissingTerms = { absent: [], unretrieved: [] },
): Answer {
  if (reason === undefined) emit({ type: 'token', text: abstainText(missing) });
  return {
    ...base,
    answer:
      reason === undefined
        ? abstainText(missing)
        : `The passages found do not answer this${reason === '' ? '.' : `: ${reason}`}`,
    mode: 'abstained',
    citations: [],
    passages: passages.map(toAnswerPassage),
    model: null,
    adapters: [],
    stopReason: 'abstained',
    timings: timings(started, retrievalMs, null),
  };
}

function timings(started: number, retrievalMs: number, firstTokenMs: number | null): Answer['timings'] {
  return {
    retrievalMs: Math.round(retrievalMs),
    firstTokenMs: firstTokenMs === null ? null : Math.round(firstTokenMs),
    totalMs: Math.round(performance.now() - started),
  };
}

function toHit(p: RetrievedPassage): SearchHit {
  return {
    passageId: p.passageId,
    paperId: p.paperId,
    title: p.title,
    year: p.year,
    page: p.page,
    section: p.section,
    text: p.text,
    score: p.score,
  };
}

function toAnswerPassage(p: Numbered): AnswerPassage {
  return { ...toHit(p), n: p.n, boxes: p.boxes };
}
