import fs from 'node:fs';

/** Where a GGUF header keeps each of its fields (byte offsets), as found by scanGgufHeader. */
export interface GgufHeaderFields {
  /** Each key-value's u32 value type. */
  kvTypes: number[];
  /** Each string's, and each array's, u64 length. */
  lengths: number[];
  tensorNDims: number[];
  tensorDims: number[];
  tensorTypes: number[];
  tensorOffsets: number[];
  /** Each key's value type, and its elements' type for an array. */
  keyTypes: Map<string, { type: number; of: number | null }>;
  /** First byte after the tensor entries. */
  headerEnd: number;
}

const SCALAR_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
/** GGML_MAX_DIMS: llama.cpp asserts on more. */
const MAX_DIMS = 4;
const WINDOW = 1 << 20;

/** Reads a file forward through a 1 MiB window; never asks for bytes past its end. */
class Cursor {
  at = 0;
  private window = Buffer.alloc(0);
  private windowStart = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  private need(n: number, what: string): Buffer {
    if (n > this.size - this.at)
      throw new Error(`${what} at byte ${this.at} runs past the end of the file (${this.size} bytes)`);
    const offset = this.at - this.windowStart;
    if (offset < 0 || offset + n > this.window.length) {
      this.window = Buffer.alloc(Math.max(n, Math.min(WINDOW, this.size - this.at)));
      fs.readSync(this.fd, this.window, 0, this.window.length, this.at);
      this.windowStart = this.at;
    }
    return this.window;
  }

  u32(what: string): number {
    const v = this.need(4, what).readUInt32LE(this.at - this.windowStart);
    this.at += 4;
    return v;
  }

  u64(what: string): bigint {
    const v = this.need(8, what).readBigUInt64LE(this.at - this.windowStart);
    this.at += 8;
    return v;
  }

  /** A string of n bytes that must lie inside the file (metadata keys are short). */
  text(n: bigint, what: string): string {
    if (n > 65_536n) throw new Error(`${what} at byte ${this.at} claims ${n} bytes, too long for a key`);
    const value = this.need(Number(n), what).toString(
      'utf8',
      this.at - this.windowStart,
      this.at - this.windowStart + Number(n),
    );
    this.at += Number(n);
    return value;
  }

  /** Skips n bytes that must lie inside the file. */
  skip(n: bigint, what: string): void {
    if (n > BigInt(this.size - this.at))
      throw new Error(`${what} at byte ${this.at} claims ${n} bytes, past the end of the file (${this.size} bytes)`);
    this.at += Number(n);
  }
}

/**
 * Walks a GGUF header — every key-value and tensor entry — checking that each
 * value type is known and each length, count and dimension count fits in the
 * file. node-llama-cpp's header reader hands a string's length straight to
 * fs.read, and a length past 2^31 aborts the whole Node process (an assertion
 * in node_file.cc), so no header reaches it before this walk. Throws an Error
 * whose message says what is wrong; magic, version and counts are checked
 * before (ggufReader's readPrefix).
 */
export function scanGgufHeader(file: string): GgufHeaderFields {
  const fields: GgufHeaderFields = {
    kvTypes: [],
    lengths: [],
    tensorNDims: [],
    tensorDims: [],
    tensorTypes: [],
    tensorOffsets: [],
    keyTypes: new Map(),
    headerEnd: 0,
  };
  const fd = fs.openSync(file, 'r');
  try {
    const c = new Cursor(fd, fs.fstatSync(fd).size);
    c.at = 8;
    const tensors = c.u64('the tensor count');
    const kvs = c.u64('the metadata count');
    const string = (what: string): void => {
      fields.lengths.push(c.at);
      c.skip(c.u64(`the length of ${what}`), what);
    };
    /** Walks one value; for an array, returns its elements' type. */
    const value = (type: number, what: string, depth: number): number | null => {
      if (type === STRING) {
        string(what);
        return null;
      }
      if (type === ARRAY) {
        if (depth > 0) throw new Error(`${what} nests arrays`);
        const of = c.u32(`the element type of ${what}`);
        fields.lengths.push(c.at);
        const n = c.u64(`the length of ${what}`);
        if (of === STRING) {
          // Each string takes at least its 8-byte length: a count the file cannot hold is damage.
          if (n * 8n > BigInt(c.size - c.at))
            throw new Error(`${what} claims ${n} strings, more than the file can hold`);
          for (let i = 0n; i < n; i++) string(what);
        } else if (SCALAR_SIZE[of] !== undefined) c.skip(n * BigInt(SCALAR_SIZE[of]), what);
        else throw new Error(`${what} has elements of unknown type ${of}`);
        return of;
      }
      const size = SCALAR_SIZE[type];
      if (size === undefined) throw new Error(`${what} has unknown value type ${type}`);
      c.skip(BigInt(size), what);
      return null;
    };
    for (let i = 0n; i < kvs; i++) {
      fields.lengths.push(c.at);
      const key = c.text(c.u64(`the length of metadata key ${i}`), `metadata key ${i}`);
      fields.kvTypes.push(c.at);
      const type = c.u32(`the type of metadata entry ${i}`);
      fields.keyTypes.set(key, { type, of: value(type, key, 0) });
    }
    for (let i = 0n; i < tensors; i++) {
      string(`the name of tensor ${i}`);
      fields.tensorNDims.push(c.at);
      const dims = c.u32(`the dimension count of tensor ${i}`);
      if (dims === 0 || dims > MAX_DIMS)
        throw new Error(`tensor ${i} claims ${dims} dimensions (1 to ${MAX_DIMS} are possible)`);
      for (let d = 0; d < dims; d++) {
        fields.tensorDims.push(c.at);
        c.u64(`dimension ${d} of tensor ${i}`);
      }
      fields.tensorTypes.push(c.at);
      c.u32(`the type of tensor ${i}`);
      fields.tensorOffsets.push(c.at);
      c.u64(`the data offset of tensor ${i}`);
    }
    fields.headerEnd = c.at;
    return fields;
  } finally {
    fs.closeSync(fd);
  }
}
