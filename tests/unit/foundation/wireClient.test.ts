import { describe, expect, it } from 'vitest';
import { WireClient, type InvokeMessage, type ScholiumEvent } from '../../../electron/contract/index.js';

// The one calling side of the wire protocol (renderer over the host's WebSocket, Electron main to the core process).
function channel() {
  const sent: InvokeMessage[] = [];
  const events: ScholiumEvent[] = [];
  const client = new WireClient(
    (message) => sent.push(message),
    (event) => events.push(event),
  );
  return { client, sent, events };
}

const token: ScholiumEvent = { channel: 'generation', requestId: 'r1', type: 'token', text: 'Hel' };

describe('WireClient', () => {
  it('numbers each call and hands every result to the call it answers, in any order; events pass on', async () => {
    const { client, sent, events } = channel();
    const info = client.invoke('app.info', {});
    const cancel = client.invoke('jobs.cancel', { jobId: 'j1' });
    expect(sent).toEqual([
      { kind: 'invoke', id: 1, op: 'app.info', payload: {} },
      { kind: 'invoke', id: 2, op: 'jobs.cancel', payload: { jobId: 'j1' } },
    ]);
    client.receive({ kind: 'event', event: token });
    client.receive({ kind: 'result', id: 2, result: { ok: true, value: { cancelled: true } } });
    client.receive({ kind: 'result', id: 1, result: { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } } });
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(await info).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    expect(events).toEqual([token]);
  });

  it('ignores what is not a result or an event, and results for no waiting call', async () => {
    const { client, events } = channel();
    const info = client.invoke('app.info', {});
    client.receive('not an object');
    client.receive({ kind: 'result', id: 1 });
    client.receive({ kind: 'result', id: 7, result: { ok: true, value: 'stray' } });
    client.receive({ kind: 'protocol-error', error: { code: 'INVALID_REQUEST', message: 'Malformed message' } });
    client.receive({ kind: 'event', event: { channel: 'nowhere' } });
    client.receive({ kind: 'result', id: 1, result: { ok: true, value: 'answer' } });
    expect(await info).toEqual({ ok: true, value: 'answer' });
    expect(events).toEqual([]);
  });

  it('fails every waiting call when the channel is lost, and later calls still get their results', async () => {
    const { client } = channel();
    const first = client.invoke('app.info', {});
    const second = client.invoke('jobs.list', {});
    client.failAll('Lost the connection; reconnecting.');
    const lost = { ok: false, error: { code: 'INTERNAL', message: 'Lost the connection; reconnecting.' } };
    expect(await first).toEqual(lost);
    expect(await second).toEqual(lost);
    // A late answer to a failed call changes nothing; a new call is answered.
    client.receive({ kind: 'result', id: 1, result: { ok: true, value: 'late' } });
    const third = client.invoke('jobs.list', {});
    client.receive({ kind: 'result', id: 3, result: { ok: true, value: [] } });
    expect(await third).toEqual({ ok: true, value: [] });
  });
});
