/**
 * The cores the extraction pool may use, shared between the pool (main thread) and its workers through
 * SharedArrayBuffers: each file being extracted holds one core (its worker's); a worker reading scanned pages may
 * borrow the spare ones for more OCR processes at once and gives each back when its page is read. So one long scan
 * uses every core while it is alone, and no more than its own once other files are being extracted beside it. Each
 * worker counts what it has borrowed, so that a worker ended mid-page (cancelled, out of time) cannot keep it.
 */
export interface BudgetShare {
  spare: SharedArrayBuffer;
  /** This worker's borrowed cores. */
  lent: SharedArrayBuffer;
}

export class ThreadBudget {
  private constructor(
    private readonly spare: Int32Array,
    private readonly lent: Int32Array,
  ) {}

  /** The pool's budget of `cores`, none in use. */
  static create(cores: number): ThreadBudget {
    const budget = new ThreadBudget(new Int32Array(new SharedArrayBuffer(4)), new Int32Array(new SharedArrayBuffer(4)));
    Atomics.store(budget.spare, 0, cores);
    return budget;
  }

  /** A worker's side of the budget, from what the pool handed it (see share). */
  static of(share: BudgetShare): ThreadBudget {
    return new ThreadBudget(new Int32Array(share.spare), new Int32Array(share.lent));
  }

  /** What to hand a new worker: the pool's spare cores and a count of its own. */
  share(): BudgetShare {
    return { spare: this.spare.buffer as SharedArrayBuffer, lent: new SharedArrayBuffer(4) };
  }

  /** A file starts (the pool): takes its core unconditionally; a borrowed core comes back soon enough. */
  hold(): void {
    Atomics.sub(this.spare, 0, 1);
  }

  /** A file is done (the pool). */
  unhold(): void {
    Atomics.add(this.spare, 0, 1);
  }

  /** Takes a spare core when there is one (a worker). */
  tryBorrow(): boolean {
    for (;;) {
      const spare = Atomics.load(this.spare, 0);
      if (spare <= 0) return false;
      if (Atomics.compareExchange(this.spare, 0, spare, spare - 1) === spare) {
        Atomics.add(this.lent, 0, 1);
        return true;
      }
    }
  }

  /** Gives back a borrowed core (a worker). */
  giveBack(): void {
    Atomics.sub(this.lent, 0, 1);
    Atomics.add(this.spare, 0, 1);
  }

  /** Takes back what an ended worker had borrowed (the pool, once the worker has exited). */
  reclaim(share: BudgetShare): void {
    Atomics.add(this.spare, 0, Atomics.exchange(new Int32Array(share.lent), 0, 0));
  }
}
