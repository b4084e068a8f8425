import type Database from 'better-sqlite3';
import { allCodes, changedPassages, changeRange, codeOf, countCodes, type StoredCode } from '../store/vectorCodes.js';
import type { VectorTable } from '../store/vectors.js';
import { HammingScan } from './hammingScan.js';

/** `refs` of a slot whose passage lost its vector: skipped by the scan, reused if the passage gets one again. */
const DEAD = 2;
/** A distance no code has: marks a slot out of scope. */
const NONE = 0xffff;

/** What a scan may return: the passages of these papers (null: all), references passages or not. */
export interface CodeScope {
  papers: readonly string[] | null;
  references: boolean;
}

/**
 * A model's binary codes in memory (store/vectorCodes.ts): per passage its id, paper, references flag and
 * dimension / 32 words of sign bits, in passage id order; about 63 bytes a passage for 384 dimensions (63 MB per
 * million). `sync` brings it up to date from the log of vector changes, so writes by any process are seen; `nearest`
 * scans every code by Hamming distance to the query's code (hammingScan.ts).
 */
export class CodeIndex {
  private ids = new Float64Array(0);
  private paper = new Int32Array(0);
  private refs = new Uint8Array(0);
  /** The codes themselves, and their distances to the last query. */
  private readonly scan: HammingScan;
  /** Slots in use (live or dead). */
  private size = 0;
  private dead = 0;
  /** The last change of the log this index reflects; -1 before the first load. */
  private seq = -1;
  private readonly paperIds: string[] = [];
  private readonly paperSlots = new Map<string, number>();
  private readonly words: number;

  constructor(
    private readonly db: Database.Database,
    readonly vectors: VectorTable,
  ) {
    this.words = vectors.dimension / 32;
    this.scan = new HammingScan(this.words);
  }

  /** Passages with a code. */
  get count(): number {
    return this.size - this.dead;
  }

  /** Brings the codes up to date: a whole load the first time (or when far behind), else the logged changes. */
  sync(): void {
    this.db
      .transaction(() => {
        const { first, last } = changeRange(this.db);
        if (last === this.seq) return;
        // Changes trimmed from the log since this index last looked: it cannot tell what they were.
        if (this.seq < 0 || this.seq < first - 1) return this.load(last);
        const changed = changedPassages(this.db, this.vectors.modelRow, this.seq, last);
        if (changed.length > this.count / 4) return this.load(last);
        for (const id of changed) {
          const code = codeOf(this.db, this.vectors.modelRow, id);
          if (!(code === undefined ? (this.remove(id), true) : this.put(code))) return this.load(last);
        }
        this.seq = last;
      })
      .deferred();
  }

  /**
   * The ids of up to `count` passages in scope whose codes lie nearest (Hamming) to `query`'s. Distances are small
   * integers, so a histogram finds the cut-off distance without sorting.
   */
  nearest(query: Uint32Array, count: number, scope: CodeScope): number[] {
    const { refs, paper } = this;
    this.scan.run(query, this.size);
    const distances = this.scan.distances;
    const allowed = this.allowedPapers(scope.papers);
    const histogram = new Uint32Array(this.words * 32 + 1);
    for (let slot = 0; slot < this.size; slot += 1) {
      const r = refs[slot]!;
      if (r === DEAD || (r === 1 && !scope.references) || (allowed !== null && allowed[paper[slot]!] === 0))
        distances[slot] = NONE;
      else histogram[distances[slot]!]! += 1;
    }
    let cut = 0;
    let within = 0;
    while (cut < histogram.length && within + histogram[cut]! < count) within += histogram[cut++]!;
    let atCut = count - within;
    const found: number[] = [];
    for (let slot = 0; slot < this.size; slot += 1) {
      const d = distances[slot]!;
      if (d < cut || (d === cut && atCut-- > 0)) found.push(this.ids[slot]!);
    }
    return found;
  }

  private allowedPapers(papers: readonly string[] | null): Uint8Array | null {
    if (papers === null) return null;
    const allowed = new Uint8Array(this.paperIds.length);
    for (const p of papers) {
      const i = this.paperSlots.get(p);
      if (i !== undefined) allowed[i] = 1;
    }
    return allowed;
  }

  private load(last: number): void {
    this.size = 0;
    this.dead = 0;
    this.reserve(countCodes(this.db, this.vectors.modelRow));
    for (const code of allCodes(this.db, this.vectors.modelRow)) this.append(code);
    this.seq = last;
  }

  /** Writes a code into its passage's slot, or a new slot after the last; false when its id would break the order. */
  private put(code: StoredCode): boolean {
    const slot = this.slotOf(code.id);
    if (slot >= 0) {
      if (this.refs[slot] === DEAD) this.dead -= 1;
      this.fill(slot, code);
      return true;
    }
    if (this.size > 0 && code.id < this.ids[this.size - 1]!) return false;
    this.reserve(this.size + 1);
    this.append(code);
    return true;
  }

  private remove(id: number): void {
    const slot = this.slotOf(id);
    if (slot < 0 || this.refs[slot] === DEAD) return;
    this.refs[slot] = DEAD;
    this.dead += 1;
  }

  private append(code: StoredCode): void {
    this.fill(this.size, code);
    this.size += 1;
  }

  private fill(slot: number, code: StoredCode): void {
    let p = this.paperSlots.get(code.paperId);
    if (p === undefined) {
      p = this.paperIds.push(code.paperId) - 1;
      this.paperSlots.set(code.paperId, p);
    }
    this.ids[slot] = code.id;
    this.paper[slot] = p;
    this.refs[slot] = code.refs === 1 ? 1 : 0;
    // The blob's bytes may not be 4-aligned in its buffer: copy them byte by byte into the words' buffer.
    const codes = this.scan.codes;
    new Uint8Array(codes.buffer, codes.byteOffset + slot * this.words * 4, this.words * 4).set(code.bits);
  }

  /** The slot holding a passage id (binary search: ids are in increasing order), or -1. */
  private slotOf(id: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Room for `slots` passages, growing by half again so appends one at a time stay cheap. */
  private reserve(slots: number): void {
    if (slots <= this.ids.length) return;
    const capacity = Math.max(slots, Math.ceil(this.ids.length * 1.5), 1024);
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.ids = grow(this.ids, (n) => new Float64Array(n));
    this.paper = grow(this.paper, (n) => new Int32Array(n));
    this.refs = grow(this.refs, (n) => new Uint8Array(n));
    this.scan.reserve(capacity);
  }
}

const indexes = new WeakMap<Database.Database, CodeIndex>();

/** The in-memory codes of a model's vectors in this library, loaded once per process and model, up to date. */
export function codeIndexOf(db: Database.Database, vectors: VectorTable): CodeIndex {
  let index = indexes.get(db);
  if (index?.vectors.modelRow !== vectors.modelRow) {
    index = new CodeIndex(db, vectors);
    indexes.set(db, index);
  }
  index.sync();
  return index;
}
