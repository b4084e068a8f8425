import type { WebSocket } from 'ws';
import { describeZodError, InvokeMessageSchema, type ScholiumEvent, type ServerMessage } from '../contract/index.js';
import type { Core } from '../core/index.js';

/** One browser tab: its calls, its own events, the broadcast; all stopped when it leaves. */
export function serveConnection(ws: WebSocket, core: Core, log: (line: string) => void): void {
  const gone = new AbortController();
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const emit = (event: ScholiumEvent): void => send({ kind: 'event', event });
  const unsubscribe = core.onBroadcast(emit);
  ws.on('close', () => {
    gone.abort();
    unsubscribe();
  });
  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      raw = JSON.parse(String(data));
    } catch (error) {
      send({
        kind: 'protocol-error',
        error: { code: 'INVALID_REQUEST', message: `Unreadable message: ${(error as Error).message}` },
      });
      return;
    }
    const parsed = InvokeMessageSchema.safeParse(raw);
    if (!parsed.success) {
      send({
        kind: 'protocol-error',
        error: { code: 'INVALID_REQUEST', message: `Malformed message: ${describeZodError(parsed.error)}` },
      });
      return;
    }
    const { id, op, payload } = parsed.data;
    void core
      .invokeRaw(op, payload, { emit, signal: gone.signal })
      .then((result) => send({ kind: 'result', id, result }))
      .catch((error: unknown) => {
        log(`scholium host: the answer to ${op} could not be sent: ${(error as Error).message}`);
        ws.close(1011, 'internal error');
      });
  });
}
