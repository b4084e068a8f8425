/** How often, at most, streamed text crosses to the core while tokens keep coming. */
export const FLUSH_MS = 40;

/**
 * Gathers streamed text and sends it at most every FLUSH_MS (the first piece at
 * once). Each message wakes the core's process; on a machine whose cores all run
 * llama.cpp threads that wake-up stalls a thread the others wait for at every
 * step, so fewer, larger messages keep generation at the bare loop's speed.
 */
export class TokenBatcher {
  private pending = '';
  private lastSent = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string): void {
    this.pending += text;
    if (this.timer !== null) return;
    const wait = this.lastSent + FLUSH_MS - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is gathered; call before the reply, so every piece arrives ahead of it. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending === '') return;
    this.lastSent = this.now();
    const text = this.pending;
    this.pending = '';
    this.send(text);
  }
}
