import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpInput } from '../../../../electron/contract/index.js';
import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { useApi } from '../../api/context.js';
import { streamAnswer, type Evidence } from '../../data/streamAnswer.js';

export interface PendingTurn {
  requestId: string;
  question: string;
  /** Text streamed so far. */
  text: string;
  /** What retrieval found, shown while the model reads it; null until it comes (or when nothing bears). */
  evidence: Evidence | null;
  stopping: boolean;
  error: string | null;
}

export type AskRequest = Omit<OpInput<'ask.ask'>, 'requestId' | 'question' | 'conversationId'>;

interface Loaded {
  turns: Answer[];
  error: string | null;
}

const NONE: Loaded = { turns: [], error: null };

/**
 * One conversation: its stored turns, and the turn being answered now, whose
 * tokens arrive as `generation` events for our own request id. Conversations
 * are kept by id, so one this view just created is not fetched again.
 */
/** `onAnswered` hears of every stored answer, and whether it started a new conversation. */
export function useConversation(conversationId: string | null, onAnswered: (answer: Answer, created: boolean) => void) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Record<string, Loaded>>({});
  const [pending, setPending] = useState<PendingTurn | null>(null);
  // The latest pending turn for callbacks (stop) that must not re-bind on every token.
  const pendingRef = useRef<PendingTurn | null>(null);
  useEffect(() => {
    pendingRef.current = pending;
  }, [pending]);
  const known = conversationId !== null && loaded[conversationId] !== undefined;

  useEffect(() => {
    if (conversationId === null || known) return;
    let live = true;
    void api.invoke('conversations.get', { conversationId }).then((r) => {
      if (live)
        setLoaded((all) => ({
          ...all,
          [conversationId]: r.ok ? { turns: r.value.turns, error: null } : { turns: [], error: r.error.message },
        }));
    });
    return () => {
      live = false;
    };
  }, [api, conversationId, known]);

  const ask = useCallback(
    async (question: string, request: AskRequest): Promise<void> => {
      const mine = (change: (p: PendingTurn) => PendingTurn): void =>
        setPending((p) => (p?.requestId === run.requestId ? change(p) : p));
      const run = streamAnswer(
        api,
        { ...request, question, conversationId: conversationId ?? undefined },
        {
          onToken: (text) => mine((p) => ({ ...p, text: p.text + text })),
          onEvidence: (evidence) => mine((p) => ({ ...p, evidence })),
        },
      );
      setPending({ requestId: run.requestId, question, text: '', evidence: null, stopping: false, error: null });
      const result = await run.answer;
      if (!result.ok) {
        setPending((p) => (p?.requestId === run.requestId ? { ...p, error: result.error.message } : p));
        return;
      }
      const answer = result.value;
      setLoaded((all) => ({
        ...all,
        [answer.conversationId]: { turns: [...(all[answer.conversationId]?.turns ?? []), answer], error: null },
      }));
      setPending(null);
      onAnswered(answer, conversationId === null);
    },
    [api, conversationId, onAnswered],
  );

  const stop = useCallback(() => {
    const p = pendingRef.current;
    if (p === null || p.stopping || p.error !== null) return;
    void api.invoke('ask.stop', { requestId: p.requestId });
    setPending((now) => (now?.requestId === p.requestId ? { ...now, stopping: true } : now));
  }, [api]);

  /**
   * Marks an answer good training data (or not); the stored turn follows, so reopening the conversation shows it.
   * Returns an error message or null.
   */
  const markGood = useCallback(
    async (answer: Answer, good: boolean): Promise<string | null> => {
      const r = await api.invoke('dataset.markTurn', { turnId: answer.turnId, good });
      if (!r.ok) return r.error.message;
      setLoaded((all) => {
        const c = all[answer.conversationId];
        return c === undefined
          ? all
          : {
              ...all,
              [answer.conversationId]: {
                ...c,
                turns: c.turns.map((t) => (t.turnId === answer.turnId ? { ...t, markedGood: good } : t)),
              },
            };
      });
      return null;
    },
    [api],
  );

  const dismiss = useCallback(() => setPending((p) => (p?.error != null ? null : p)), []);
  const current = conversationId === null ? NONE : (loaded[conversationId] ?? NONE);

  return {
    turns: current.turns,
    loading: conversationId !== null && !known,
    loadError: current.error,
    pending,
    ask,
    stop,
    dismiss,
    markGood,
    busy: pending !== null && pending.error === null,
  };
}
