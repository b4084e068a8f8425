import type { OpInput, Result } from '../../../electron/contract/index.js';
import type { Answer } from '../../../electron/contract/ops/ask.js';
import type { ApiClient } from '../api/client.js';

/**
 * Asks with a fresh request id and hands each streamed token to `onToken`
 * until the verified answer arrives. Returns the request id at once (to stop
 * it) and the answer's promise.
 */
export function streamAnswer(
  api: ApiClient,
  input: Omit<OpInput<'ask.ask'>, 'requestId'>,
  onToken: (text: string) => void,
): { requestId: string; answer: Promise<Result<Answer>> } {
  const requestId = crypto.randomUUID();
  const unsubscribe = api.onEvent((event) => {
    if (event.channel === 'generation' && event.requestId === requestId && event.type === 'token') onToken(event.text);
  });
  const answer = api.invoke('ask.ask', { ...input, requestId }).finally(unsubscribe);
  return { requestId, answer };
}
