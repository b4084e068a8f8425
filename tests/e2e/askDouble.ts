import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { standInFor, type OpHandler } from './apiDouble.js';
import { textItemBox } from './pdfGeometry.js';

/*
 * A stand-in for the ask service (the core's service is tested on its own;
 * the full flow over the real core is in flow.spec.ts). Passages and boxes
 * are real: taken from tracemonkey.pdf with pdf.js. The PDF is served at the
 * host's /files/ route as the library would.
 */
export const tracemonkey = path.resolve(import.meta.dirname, '../../../shared/corpus/tracemonkey.pdf');
export const PASSAGE =
  'Every compiled trace contains all the guards (checks) required to validate the speculation. If one of the guards fails (if control flow is different, or a value of a different type is generated), the trace exits.';
export const QUOTE = 'Every compiled trace contains all the guards (checks) required';
export const ANSWER = 'Every compiled trace contains all the guards required to validate the speculation [1]. Tracing is always faster than interpreting [2].';

async function answerFor(question: string, requestId: string, conversationId: string) {
  const line = await textItemBox(tracemonkey, 2, 'Every compiled trace contains all the');
  const passage = (n: number, text: string) => ({
    n,
    passageId: `passage-${n}`,
    paperId: 'tracemonkey',
    title: 'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
    year: 2009,
    page: 2,
    section: '2. Overview',
    text,
    score: 1 / n,
    boxes: [line],
  });
  const cite = (n: number, status: string, start: number, end: number, quoteStart: number | null) => ({
    n,
    passageId: `passage-${n}`,
    paperId: 'tracemonkey',
    title: 'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
    page: 2,
    quote: quoteStart === null ? '' : QUOTE,
    status,
    sentence: ANSWER.slice(start, end),
    sentenceStart: start,
    sentenceEnd: end,
    quoteStart,
    quoteEnd: quoteStart === null ? null : quoteStart + QUOTE.length,
    highlight: quoteStart === null ? [] : [line],
    support: status === 'verified' ? 1 : 0.1,
  });
  const firstEnd = ANSWER.indexOf('[1].') + 4;
  return {
    turnId: `${requestId}-turn`,
    conversationId,
    question,
    standaloneQuery: question,
    answer: ANSWER,
    mode: 'extractive',
    citations: [cite(1, 'verified', 0, firstEnd, 0), cite(2, 'unsupported', firstEnd + 1, ANSWER.length, null)],
    passages: [passage(1, PASSAGE), passage(2, 'Trace trees are compiled lazily.')],
    model: null,
    adapters: [],
    stopReason: 'eogToken',
    createdAt: new Date().toISOString(),
    timings: { retrievalMs: 12, firstTokenMs: 20, totalMs: 140 },
  };
}

export interface AskDouble {
  calls: { op: string; payload: Record<string, unknown> }[];
}

/**
 * An in-memory ask service: streams the answer word by word (slowly when
 * asked to), honours stop. `also` stands in for other services on the same socket.
 */
export async function askDouble(page: Page, options: { slow?: boolean; also?: Record<string, OpHandler> } = {}): Promise<AskDouble> {
  const calls: AskDouble['calls'] = [];
  const conversations = new Map<string, { title: string; turns: unknown[] }>();
  const stopped = new Set<string>();
  const record =
    (op: string, handler: OpHandler): OpHandler =>
    (payload, emit) => {
      calls.push({ op, payload });
      return handler(payload, emit);
    };
  await standInFor(page, {
    ...options.also,
    'ask.ask': record('ask.ask', async (payload, emit) => {
      const requestId = String(payload.requestId);
      const conversationId = typeof payload.conversationId === 'string' ? payload.conversationId : `conv-${conversations.size + 1}`;
      const answer = await answerFor(String(payload.question), requestId, conversationId);
      let text = '';
      for (const word of ANSWER.split(/(?<= )/)) {
        if (stopped.has(requestId)) break;
        text += word;
        emit({ channel: 'generation', requestId, type: 'token', text: word });
        await new Promise((r) => setTimeout(r, options.slow === true ? 400 : 15));
      }
      const final = stopped.has(requestId) ? { ...answer, answer: text, citations: [], stopReason: 'abort' } : answer;
      const conversation = conversations.get(conversationId) ?? { title: String(payload.question), turns: [] };
      conversation.turns.push(final);
      conversations.set(conversationId, conversation);
      return { ok: true, value: final };
    }),
    'ask.stop': record('ask.stop', (payload) => {
      stopped.add(String(payload.requestId));
      return { ok: true, value: { stopped: true } };
    }),
    'conversations.list': () => ({
      ok: true,
      value: [...conversations].map(([conversationId, c]) => ({ conversationId, title: c.title, turns: c.turns.length, updatedAt: new Date().toISOString() })),
    }),
    'conversations.get': (payload) => {
      const c = conversations.get(String(payload.conversationId));
      return c === undefined
        ? { ok: false, error: { code: 'NOT_FOUND', message: 'No such conversation.' } }
        : { ok: true, value: { conversationId: payload.conversationId, title: c.title, turns: c.turns } };
    },
    'conversations.delete': (payload) => ({ ok: true, value: { deleted: conversations.delete(String(payload.conversationId)) } }),
    'conversations.export': record('conversations.export', (payload) => ({
      ok: true,
      value:
        payload.format === 'markdown'
          ? { filename: 'conversation.md', mimeType: 'text/markdown', content: `# ${[...conversations.values()][0]?.title}\n\n${ANSWER}\n` }
          : { filename: 'conversation.bib', mimeType: 'application/x-bibtex', content: '@article{gal2009tracebased,\n  title = {Trace-based}\n}' },
    })),
  });
  await page.route('**/files/*.pdf*', (route) => route.fulfill({ status: 200, contentType: 'application/pdf', body: fs.readFileSync(tracemonkey) }));
  return { calls };
}
