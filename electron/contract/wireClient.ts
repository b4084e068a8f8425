import type { ScholiumEvent } from './events.js';
import type { OpInput, OpName, OpOutput } from './operations.js';
import type { Result } from './result.js';
import { ServerMessageSchema, type InvokeMessage } from './wire.js';

/**
 * The calling side of the wire protocol, whatever carries it (the host's WebSocket, Electron main to the core
 * process): numbers each call, hands each result to the call it answers, passes events on, and fails every call still
 * waiting when the channel is lost.
 */
export class WireClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();

  constructor(
    private readonly send: (message: InvokeMessage) => void,
    private readonly onEvent: (event: ScholiumEvent) => void,
  ) {}

  invoke<K extends OpName>(op: K, payload: OpInput<K>): Promise<Result<OpOutput<K>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (result: Result<unknown>) => void);
      this.send({ kind: 'invoke', id, op, payload });
    });
  }

  /** One message from the server, as received; anything that is neither a result nor an event is ignored. */
  receive(data: unknown): void {
    const parsed = ServerMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'result') {
      this.waiting.get(message.id)?.(message.result as Result<unknown>);
      this.waiting.delete(message.id);
    } else if (message.kind === 'event') this.onEvent(message.event);
  }

  /** The channel is gone: every call still waiting fails with `message` (none is sent again). */
  failAll(message: string): void {
    for (const resolve of this.waiting.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    this.waiting.clear();
  }
}
