/**
 * Seeded mutations of real files, for the hostile-input fuzz tests. A case is
 * named by its seed and number, so a failure is reproduced by running the
 * same case again: the bytes depend on nothing else.
 */
import type { GgufHeaderFields } from '../../../electron/core/models/gguf/ggufHeaderScan.js';
import { generator } from '../../fixtures/random.js';

/** Cases per run: SCHOLIUM_FUZZ_CASES PDF cases (default 40) and five times as many GGUF cases. */
export const PDF_CASES = Number(process.env.SCHOLIUM_FUZZ_CASES ?? 40);
export const GGUF_CASES = PDF_CASES * 5;
export const FUZZ_SEED = Number(process.env.SCHOLIUM_FUZZ_SEED ?? 20261201);

export interface Mutant {
  /** What was done, for the failure message: "bit-flips x7 at 1234…". */
  what: string;
  bytes: Buffer;
}

export interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seeded(seed: number): Random {
  const next = generator(seed);
  const int = (below: number): number => Math.floor(next() * below);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

/** Counts no file can hold: what a damaged or hostile header might claim. */
const HUGE = [2 ** 31 - 1, 2 ** 32, 2 ** 53, 99_999_999_999, 0];

function flipBits(bytes: Buffer, r: Random, from: number, to: number): Mutant {
  const out = Buffer.from(bytes);
  const n = 1 + r.int(16);
  for (let i = 0; i < n; i++) {
    const at = from + r.int(Math.max(1, to - from));
    out[at] = out[at]! ^ (1 << r.int(8));
  }
  return { what: `${n} bit flips in [${from}, ${to})`, bytes: out };
}

function truncate(bytes: Buffer, r: Random): Mutant {
  const at = r.int(bytes.length);
  return { what: `truncated to ${at} of ${bytes.length} bytes`, bytes: bytes.subarray(0, at) };
}

// ---- PDF ------------------------------------------------------------------

/** Byte ranges of the file's `N G obj … endobj` objects. */
function pdfObjects(text: string): { start: number; end: number }[] {
  const objects: { start: number; end: number }[] = [];
  const re = /\d+\s+\d+\s+obj\b/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = text.indexOf('endobj', m.index);
    if (end < 0) break;
    objects.push({ start: m.index, end: end + 'endobj'.length });
    re.lastIndex = end;
  }
  return objects;
}

/** Replaces the number after one occurrence of `key` (e.g. "/Count", "/Size") with a huge one. */
function hugeNumberAfter(bytes: Buffer, text: string, key: RegExp, r: Random): Mutant | null {
  const hits = [...text.matchAll(key)];
  if (hits.length === 0) return null;
  const hit = r.pick(hits);
  const value = String(r.pick(HUGE));
  const start = hit.index + hit[0].length - hit[1]!.length;
  return {
    what: `${hit[0].trim()} → ${value}`,
    bytes: Buffer.concat([
      bytes.subarray(0, start),
      Buffer.from(value, 'latin1'),
      bytes.subarray(start + hit[1]!.length),
    ]),
  };
}

const PDF_MUTATIONS = ['truncate', 'flip', 'flip-header', 'duplicate-object', 'delete-object', 'huge-count'] as const;

/** One mutation of a PDF: truncation, bit flips, a duplicated or deleted object, or a huge count in a header. */
export function mutatePdf(bytes: Buffer, r: Random): Mutant {
  const text = bytes.toString('latin1');
  const kind = r.pick(PDF_MUTATIONS);
  const objects = pdfObjects(text);
  switch (kind) {
    case 'truncate':
      return truncate(bytes, r);
    case 'flip':
      return flipBits(bytes, r, 0, bytes.length);
    case 'flip-header': {
      // The cross-reference table or stream and trailer live at the end.
      const from = Math.max(0, bytes.length - 2048);
      return flipBits(bytes, r, from, bytes.length);
    }
    case 'duplicate-object': {
      const o = r.pick(objects);
      const at = r.pick(objects).start;
      return {
        what: `object at ${o.start} copied to ${at}`,
        bytes: Buffer.concat([
          bytes.subarray(0, at),
          bytes.subarray(o.start, o.end),
          Buffer.from('\n'),
          bytes.subarray(at),
        ]),
      };
    }
    case 'delete-object': {
      const o = r.pick(objects);
      return {
        what: `object at ${o.start} (${o.end - o.start} bytes) deleted`,
        bytes: Buffer.concat([bytes.subarray(0, o.start), bytes.subarray(o.end)]),
      };
    }
    case 'huge-count': {
      const keys = [
        /\/Count\s+(\d+)/g,
        /\/Size\s+(\d+)/g,
        /\/N\s+(\d+)/g,
        /\/Length\s+(\d+)/g,
        /\bxref\s+\d+\s+(\d+)/g,
        /\/W\s*\[\s*(\d+)/g,
      ];
      for (let tries = 0; tries < keys.length; tries++) {
        const m = hugeNumberAfter(bytes, text, r.pick(keys), r);
        if (m !== null) return m;
      }
      return truncate(bytes, r);
    }
  }
}

// ---- GGUF -----------------------------------------------------------------

function writeAt(bytes: Buffer, at: number, value: bigint | number, width: 4 | 8): Buffer {
  const out = Buffer.from(bytes);
  if (width === 4) out.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(value))), at);
  else out.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), at);
  return out;
}

const HUGE_U64 = [2n ** 63n, 2n ** 64n - 1n, 2n ** 40n, 2n ** 32n + 1n, 0n, 1n];
const GGUF_MUTATIONS = [
  'magic',
  'version',
  'tensor-count',
  'kv-count',
  'kv-type',
  'length',
  'n-dims',
  'dim',
  'tensor-type',
  'tensor-offset',
  'truncate',
  'flip-header',
] as const;

/**
 * One mutation of a GGUF file's header (fields found by scanGgufHeader): counts, types, lengths, shapes, offsets,
 * truncation or bit flips.
 */
export function mutateGguf(bytes: Buffer, layout: GgufHeaderFields, r: Random): Mutant {
  const kind = r.pick(GGUF_MUTATIONS);
  const huge = (): bigint => r.pick(HUGE_U64);
  switch (kind) {
    case 'magic':
      return { what: 'magic changed', bytes: writeAt(bytes, 0, 0x46554747 ^ (1 + r.int(0xffff)), 4) };
    case 'version': {
      const v = r.pick([0, 1, 4, 0xffffffff, r.int(2 ** 32)]);
      return { what: `version ${v}`, bytes: writeAt(bytes, 4, v, 4) };
    }
    case 'tensor-count':
    case 'kv-count': {
      const v = huge();
      return { what: `${kind} ${v}`, bytes: writeAt(bytes, kind === 'tensor-count' ? 8 : 16, v, 8) };
    }
    case 'kv-type': {
      const at = r.pick(layout.kvTypes);
      const t = r.pick([r.int(13), 13, 255, r.int(2 ** 32)]);
      return { what: `value type at ${at} → ${t}`, bytes: writeAt(bytes, at, t, 4) };
    }
    case 'length': {
      const at = r.pick(layout.lengths);
      const v = huge();
      return { what: `length at ${at} → ${v}`, bytes: writeAt(bytes, at, v, 8) };
    }
    case 'n-dims': {
      const v = r.pick([0, 5, 8, 0xffffffff]);
      return { what: `n_dims → ${v}`, bytes: writeAt(bytes, r.pick(layout.tensorNDims), v, 4) };
    }
    case 'dim': {
      const v = huge();
      return { what: `dimension → ${v}`, bytes: writeAt(bytes, r.pick(layout.tensorDims), v, 8) };
    }
    case 'tensor-type': {
      const v = r.pick([r.int(50), 4, 5, 99, 0xffffffff]);
      return { what: `tensor type → ${v}`, bytes: writeAt(bytes, r.pick(layout.tensorTypes), v, 4) };
    }
    case 'tensor-offset': {
      const v = r.pick([huge(), BigInt(1 + r.int(31)), BigInt(bytes.length)]);
      return { what: `tensor offset → ${v}`, bytes: writeAt(bytes, r.pick(layout.tensorOffsets), v, 8) };
    }
    case 'truncate':
      return truncate(bytes, r);
    case 'flip-header':
      return flipBits(bytes, r, 0, layout.headerEnd);
  }
}
