import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_MS, TokenBatcher } from '../../../electron/core/models/runtime/tokenBatcher.js';

describe('TokenBatcher', () => {
  let clock = 0;
  let sent: string[] = [];
  const batcher = (): TokenBatcher =>
    new TokenBatcher(
      (text) => sent.push(text),
      () => clock,
    );
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1000;
    sent = [];
  });
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number): void => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends the first piece at once, then gathers what comes within FLUSH_MS into one message', () => {
    const b = batcher();
    b.push('The');
    expect(sent).toEqual(['The']);
    advance(10);
    b.push(' deadlock');
    advance(10);
    b.push(' detector');
    expect(sent).toEqual(['The']);
    advance(FLUSH_MS - 20);
    expect(sent).toEqual(['The', ' deadlock detector']);
    // After a quiet spell the next piece goes at once again.
    advance(FLUSH_MS * 2);
    b.push(' aborts');
    expect(sent).toEqual(['The', ' deadlock detector', ' aborts']);
  });

  it('flush sends what is left before the reply, and nothing twice', () => {
    const b = batcher();
    b.push('a');
    b.push('b');
    b.flush();
    expect(sent).toEqual(['a', 'b']);
    advance(FLUSH_MS * 3);
    b.flush();
    expect(sent).toEqual(['a', 'b']);
    expect(sent.join('')).toBe('ab');
  });
});
