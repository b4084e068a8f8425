import { z } from 'zod';
import { op } from './define.js';

/** Where to look: the whole library unless narrowed. References are left out unless asked for. */
export const ScopeSchema = z
  .object({
    paperIds: z.array(z.string().min(1)).max(500).optional(),
    collectionId: z.string().min(1).optional(),
    yearFrom: z.number().int().optional(),
    yearTo: z.number().int().optional(),
    includeReferences: z.boolean().optional(),
  })
  .strict();
export type Scope = z.infer<typeof ScopeSchema>;

export const BoxSchema = z.object({
  page: z.number().int(),
  x: z.number(),
  y: z.number(),
  w: z.number(),
  h: z.number(),
});

export const SearchHitSchema = z.object({
  passageId: z.string(),
  paperId: z.string(),
  title: z.string(),
  year: z.number().int().nullable(),
  /** The page of the passage's sentence that best matches the query (the passage may run over a page break); null for documents without pages. */
  page: z.number().int().nullable(),
  section: z.string(),
  text: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/**
 * verified: the quoted words are in the cited passage; supported: the sentence restates it; attributed: the sentence
 * carried no citation and this passage sentence is the best support found for it; unsupported: cited or best
 * passage does not bear it out; invalid: a number that was not given.
 */
export const CitationStatusSchema = z.enum(['verified', 'supported', 'attributed', 'unsupported', 'invalid']);
export type CitationStatus = z.infer<typeof CitationStatusSchema>;

/** A passage as given to the model, numbered [n]. */
export const AnswerPassageSchema = SearchHitSchema.extend({
  n: z.number().int().positive(),
  boxes: z.array(BoxSchema),
});
export type AnswerPassage = z.infer<typeof AnswerPassageSchema>;

export const CitationSchema = z.object({
  n: z.number().int(),
  passageId: z.string().nullable(),
  paperId: z.string().nullable(),
  title: z.string().nullable(),
  page: z.number().int().nullable(),
  /** The words of the passage that support the sentence (quoted by the model or found by matching). */
  quote: z.string(),
  status: CitationStatusSchema,
  /** The answer sentence that carries the citation, and its character range in the answer. */
  sentence: z.string(),
  sentenceStart: z.number().int(),
  sentenceEnd: z.number().int(),
  /** Where `quote` lies in the passage text (null when not found), and the boxes to highlight. */
  quoteStart: z.number().int().nullable(),
  quoteEnd: z.number().int().nullable(),
  highlight: z.array(BoxSchema),
  support: z.number(),
  /**
   * Apart from `status` (was the quote found, is the sentence backed by the passage): whether the cited passage bears
   * on the question at all, by the same relevance gate Ask applies to retrieval. Absent in answers stored before.
   */
  bearsOnQuestion: z.boolean().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const AdapterUseSchema = z.object({ id: z.string().min(1), scale: z.number().min(0).max(4) }).strict();

export const AnswerSchema = z.object({
  turnId: z.string(),
  conversationId: z.string(),
  question: z.string(),
  standaloneQuery: z.string(),
  answer: z.string(),
  mode: z.enum(['generated', 'extractive', 'abstained']),
  citations: z.array(CitationSchema),
  passages: z.array(AnswerPassageSchema),
  model: z.object({ id: z.string(), name: z.string() }).nullable(),
  adapters: z.array(z.object({ id: z.string(), name: z.string(), scale: z.number() })),
  stopReason: z.string(),
  createdAt: z.string(),
  timings: z.object({ retrievalMs: z.number(), firstTokenMs: z.number().nullable(), totalMs: z.number() }),
  /** What the user should know about how the answer was made (e.g. passages left out to fit the model's context). */
  notes: z.array(z.string()).default([]),
  /** Marked by the user as a good training example (dataset.markTurn); false for a fresh answer. */
  markedGood: z.boolean().default(false),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const ConversationSummarySchema = z.object({
  conversationId: z.string(),
  title: z.string(),
  turns: z.number().int(),
  updatedAt: z.string(),
});

export const askOps = {
  'ask.search': op(
    z
      .object({
        query: z.string().trim().min(1).max(2000),
        k: z.number().int().min(1).max(100).default(10),
        scope: ScopeSchema.default({}),
      })
      .strict(),
    z.array(SearchHitSchema),
    'Hybrid (full-text + vector) search over passages.',
  ),
  'ask.ask': op(
    z
      .object({
        /** Chosen by the client; tokens and citations stream as `generation` events with this id. */
        requestId: z.string().min(1).max(100),
        question: z.string().trim().min(1).max(4000),
        conversationId: z.string().min(1).optional(),
        scope: ScopeSchema.default({}),
        k: z.number().int().min(1).max(30).default(6),
        /** null: no chat model (extractive answer); undefined: the default chat model if one is set. */
        modelId: z.string().min(1).nullable().optional(),
        adapters: z.array(AdapterUseSchema).max(8).default([]),
        useRetrieval: z.boolean().default(true),
        /** Cap on the answer's length in tokens (never above what the model's context leaves for it). */
        maxTokens: z.number().int().min(16).max(4096).optional(),
      })
      .strict(),
    AnswerSchema,
    'Answer a question from the library, streaming tokens; every citation is checked against its passage.',
  ),
  'ask.stop': op(
    z.object({ requestId: z.string().min(1) }).strict(),
    z.object({ stopped: z.boolean() }),
    'Stop a running answer; the partial text is kept.',
  ),
  'conversations.list': op(
    z.object({}).strict(),
    z.array(ConversationSummarySchema),
    'Stored conversations, newest first.',
  ),
  'conversations.get': op(
    z.object({ conversationId: z.string().min(1) }).strict(),
    z.object({ conversationId: z.string(), title: z.string(), turns: z.array(AnswerSchema) }),
    'A conversation with every turn, its citations and passages.',
  ),
  'conversations.delete': op(
    z.object({ conversationId: z.string().min(1) }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a conversation.',
  ),
  'conversations.export': op(
    z.object({ conversationId: z.string().min(1), format: z.enum(['markdown', 'bibtex']) }).strict(),
    z.object({ filename: z.string(), mimeType: z.string(), content: z.string() }),
    'Export a conversation as Markdown with a reference list, or BibTeX of the cited papers.',
  ),
} satisfies Record<string, ReturnType<typeof op>>;
