/**
 * The cores the extraction pool may use, shared between the pool (main thread) and its workers through one
 * SharedArrayBuffer: each file being extracted holds one core (its worker's); a worker reading scanned pages may
 * borrow the spare ones for more OCR processes at once and gives each back when its page is read. So one long scan
 * uses every core while it is alone, and no more than its own once other files are being extracted beside it.
 */
export class ThreadBudget {
  private readonly spare: Int32Array;

  constructor(shared: SharedArrayBuffer) {
    this.spare = new Int32Array(shared);
  }

  /** A budget of `cores`, none in use; hand `shared` to the workers. */
  static create(cores: number): ThreadBudget {
    const budget = new ThreadBudget(new SharedArrayBuffer(4));
    Atomics.store(budget.spare, 0, cores);
    return budget;
  }

  get shared(): SharedArrayBuffer {
    return this.spare.buffer as SharedArrayBuffer;
  }

  /** A file starts (the pool): takes its core unconditionally; a borrowed core comes back soon enough. */
  hold(): void {
    Atomics.sub(this.spare, 0, 1);
  }

  /** Takes a spare core when there is one. */
  tryBorrow(): boolean {
    for (;;) {
      const spare = Atomics.load(this.spare, 0);
      if (spare <= 0) return false;
      if (Atomics.compareExchange(this.spare, 0, spare, spare - 1) === spare) return true;
    }
  }

  /** Gives back a borrowed or held core. */
  release(): void {
    Atomics.add(this.spare, 0, 1);
  }
}
