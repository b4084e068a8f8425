import type { GenerationEvent, OpInput, Result } from '../../../electron/contract/index.js';
import type { Answer } from '../../../electron/contract/ops/ask.js';
import type { ApiClient } from '../api/client.js';

/** What retrieval found, sent before any model reads: the passages, their sentences that bear, the extractive answer. */
export type Evidence = Omit<GenerationEvent & { type: 'evidence' }, 'channel' | 'requestId' | 'type'>;

export interface AnswerStream {
  onToken: (text: string) => void;
  onEvidence?: (evidence: Evidence) => void;
}

/**
 * Asks with a fresh request id and hands the evidence and each streamed token to their handlers until the verified
 * answer arrives. Returns the request id at once (to stop it) and the answer's promise.
 */
export function streamAnswer(
  api: ApiClient,
  input: Omit<OpInput<'ask.ask'>, 'requestId'>,
  { onToken, onEvidence }: AnswerStream,
): { requestId: string; answer: Promise<Result<Answer>> } {
  const requestId = crypto.randomUUID();
  const unsubscribe = api.onEvent((event) => {
    if (event.channel !== 'generation' || event.requestId !== requestId) return;
    if (event.type === 'token') onToken(event.text);
    else if (event.type === 'evidence')
      onEvidence?.({ passages: event.passages, sentences: event.sentences, extractive: event.extractive });
  });
  const answer = api.invoke('ask.ask', { ...input, requestId }).finally(unsubscribe);
  return { requestId, answer };
}
