/**
 * Hamming distances from one query code to every code, by a WebAssembly function of a few instructions (64-bit xor
 * and popcnt): at a million 384-bit codes about 6 ms, where the same loop in JavaScript (popcount by shifts and
 * masks, no popcnt instruction) took 30. The codes live in the module's memory, so the scan reads them in place.
 */

/** uLEB128, as WebAssembly writes sizes and indices. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))];

/**
 * scan(codes, n, words, query, out): for each of n codes of `words` 64-bit words from byte `codes` on,
 * out[i] (16 bits) = popcount(code_i xor query). Locals: 5 slot, 6 word, 7 distance (i64), 8 the slot's code.
 */
const SCAN_BODY = [
  ...[0x20, 0, 0x21, 8], // code = codes
  ...[0x02, 0x40, 0x03, 0x40], // block loop (slots)
  ...[0x20, 5, 0x20, 1, 0x4f, 0x0d, 1], // if slot >= n: break
  ...[0x42, 0, 0x21, 7, 0x41, 0, 0x21, 6], // distance = 0, word = 0
  ...[0x02, 0x40, 0x03, 0x40], // block loop (words)
  ...[0x20, 6, 0x20, 2, 0x4f, 0x0d, 1], // if word >= words: break
  ...[0x20, 7], // distance
  ...[0x20, 8, 0x20, 6, 0x41, 3, 0x74, 0x6a, 0x29, 3, 0], // i64.load(code + word × 8)
  ...[0x20, 3, 0x20, 6, 0x41, 3, 0x74, 0x6a, 0x29, 3, 0], // i64.load(query + word × 8)
  ...[0x85, 0x7b, 0x7c, 0x21, 7], // distance += popcnt(xor)
  ...[0x20, 6, 0x41, 1, 0x6a, 0x21, 6, 0x0c, 0, 0x0b, 0x0b], // word += 1; continue; end end
  ...[0x20, 4, 0x20, 5, 0x41, 1, 0x74, 0x6a, 0x20, 7, 0x3d, 1, 0], // i64.store16(out + slot × 2, distance)
  ...[0x20, 8, 0x20, 2, 0x41, 3, 0x74, 0x6a, 0x21, 8], // code += words × 8
  ...[0x20, 5, 0x41, 1, 0x6a, 0x21, 5, 0x0c, 0, 0x0b, 0x0b], // slot += 1; continue; end end
  0x0b,
];

const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
  ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
  ...section(3, [1, 0]),
  ...section(7, [1, ...name('scan'), 0x00, 0]),
  ...section(10, [1, ...leb(SCAN_BODY.length + 7), 3, 2, 0x7f, 1, 0x7e, 1, 0x7f, ...SCAN_BODY]),
]);

/** The part of the WebAssembly API used here (Node has it; the core's TypeScript libraries leave it to the DOM's). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (descriptor: { initial: number }) => WasmMemory;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

const compiled = new wasm.Module(MODULE);
const PAGE = 65_536;

/** Codes of `words32` 32-bit words each (an even number), their distances, and the query, in one module's memory. */
export class HammingScan {
  private readonly memory: WasmMemory = new wasm.Memory({ initial: 1 });
  private readonly scanAll: (codes: number, n: number, words: number, query: number, out: number) => void;
  private capacity = 0;
  codes = new Uint32Array(0);
  distances = new Uint16Array(0);
  private query = new Uint32Array(0);

  constructor(private readonly words32: number) {
    if (words32 % 2 !== 0) throw new Error('codes must be whole 64-bit words');
    this.scanAll = new wasm.Instance(compiled, { env: { memory: this.memory } }).exports.scan as never;
    this.reserve(0);
  }

  /** Room for `slots` codes; the codes kept so far stay (growing copies them to the new layout). */
  reserve(slots: number): void {
    if (slots <= this.capacity && this.codes.length > 0) return;
    const old = this.codes.slice(0, this.capacity * this.words32);
    const capacity = Math.max(slots, Math.ceil(this.capacity * 1.5), 1024);
    const bytes = this.words32 * 4 + capacity * (this.words32 * 4 + 2);
    const pages = Math.ceil(bytes / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    const buffer = this.memory.buffer;
    // Layout: the query, the codes, the distances (all offsets multiples of 8).
    this.query = new Uint32Array(buffer, 0, this.words32);
    this.codes = new Uint32Array(buffer, this.words32 * 4, capacity * this.words32);
    this.distances = new Uint16Array(buffer, this.words32 * 4 * (1 + capacity), capacity);
    this.codes.set(old);
    this.capacity = capacity;
  }

  /** Fills distances[0 … n) with each code's Hamming distance to `query`. */
  run(query: Uint32Array, n: number): void {
    this.query.set(query);
    this.scanAll(this.codes.byteOffset, n, this.words32 / 2, 0, this.distances.byteOffset);
  }
}
