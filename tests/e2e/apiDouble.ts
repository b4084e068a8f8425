import type { Page } from '@playwright/test';

export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
export type OpHandler = (payload: Record<string, unknown>, emit: (event: Record<string, unknown>) => void) => Promise<Reply> | Reply;

/**
 * Answers the named operations on the host's API socket from the test and
 * forwards everything else to the real host. For views whose service has not
 * landed in the core yet; the same views are tested against the real core once it has.
 */
export async function standInFor(page: Page, handlers: Record<string, OpHandler>): Promise<void> {
  await page.routeWebSocket(/\/api\?/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((raw) => {
      const message = JSON.parse(String(raw)) as { kind: string; id: number; op: string; payload: Record<string, unknown> };
      const handler = handlers[message.op];
      if (handler === undefined) return server.send(raw);
      const emit = (event: Record<string, unknown>): void => ws.send(JSON.stringify({ kind: 'event', event }));
      void Promise.resolve(handler(message.payload, emit)).then((result) => ws.send(JSON.stringify({ kind: 'result', id: message.id, result })));
    });
  });
}
