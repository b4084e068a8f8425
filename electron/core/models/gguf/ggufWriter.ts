import fs from 'node:fs';
import { GGML_F32, tensorByteSize } from './ggmlTypes.js';

/** GGUF metadata value types (gguf.h). */
const valueTypeIds = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;
export type GgufScalarType = Exclude<keyof typeof valueTypeIds, 'array'>;
type Scalar = number | bigint | boolean | string;

export type GgufValue =
  { type: GgufScalarType; value: Scalar } | { type: 'array'; of: GgufScalarType; values: readonly Scalar[] };

/** Shorthands for the value types models use. */
export const gguf = {
  str: (value: string): GgufValue => ({ type: 'string', value }),
  u32: (value: number): GgufValue => ({ type: 'u32', value }),
  i32: (value: number): GgufValue => ({ type: 'i32', value }),
  f32: (value: number): GgufValue => ({ type: 'f32', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  strings: (values: readonly string[]): GgufValue => ({ type: 'array', of: 'string', values }),
  f32s: (values: readonly number[]): GgufValue => ({ type: 'array', of: 'f32', values }),
  i32s: (values: readonly number[]): GgufValue => ({ type: 'array', of: 'i32', values }),
};

export interface GgufTensor {
  name: string;
  /** ne0 first, as ggml orders them: a [rows, cols] matrix of PyTorch is [cols, rows] here. */
  dims: readonly number[];
  /** ggml type id (0 = F32, 1 = F16, 30 = BF16). */
  type: number;
  /** Raw little-endian bytes in that type's layout. */
  data: Uint8Array;
}

export function f32Tensor(name: string, dims: readonly number[], values: Float32Array): GgufTensor {
  return { name, dims, type: GGML_F32, data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

const ALIGNMENT = 32;
const align = (n: number): number => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/** Little-endian byte builder for the header. */
class Bytes {
  private readonly chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  u64(n: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  scalar(type: GgufScalarType, value: Scalar): void {
    const sizes = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, bool: 1, u64: 8, i64: 8, f64: 8 } as const;
    if (type === 'string') return this.string(String(value));
    const b = Buffer.alloc(sizes[type]);
    const n = Number(value);
    switch (type) {
      case 'u8':
        b.writeUInt8(n);
        break;
      case 'i8':
        b.writeInt8(n);
        break;
      case 'u16':
        b.writeUInt16LE(n);
        break;
      case 'i16':
        b.writeInt16LE(n);
        break;
      case 'u32':
        b.writeUInt32LE(n);
        break;
      case 'i32':
        b.writeInt32LE(n);
        break;
      case 'f32':
        b.writeFloatLE(n);
        break;
      case 'bool':
        b.writeUInt8(value === true ? 1 : 0);
        break;
      case 'u64':
        b.writeBigUInt64LE(BigInt(value as number | bigint));
        break;
      case 'i64':
        b.writeBigInt64LE(BigInt(value as number | bigint));
        break;
      case 'f64':
        b.writeDoubleLE(n);
        break;
    }
    this.push(b);
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Writes a GGUF v3 file: header, metadata, tensor table, then each tensor's
 * data aligned to 32 bytes. Shared by the test fixtures and the converters
 * (PEFT LoRA, sentence-transformers), so what the tests load is what users get.
 */
export function writeGguf(
  file: string,
  metadata: ReadonlyArray<readonly [string, GgufValue]>,
  tensors: readonly GgufTensor[],
): void {
  const header = new Bytes();
  header.push(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(metadata.length);
  for (const [key, value] of metadata) {
    header.string(key);
    header.u32(valueTypeIds[value.type]);
    if (value.type === 'array') {
      header.u32(valueTypeIds[value.of]);
      header.u64(value.values.length);
      for (const v of value.values) header.scalar(value.of, v);
    } else header.scalar(value.type, value.value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const expected = tensorByteSize(t.type, t.dims);
    if (expected !== t.data.byteLength)
      throw new Error(`tensor ${t.name}: ${t.data.byteLength} bytes given, its shape needs ${expected}`);
    header.string(t.name);
    header.u32(t.dims.length);
    for (const d of t.dims) header.u64(d);
    header.u32(t.type);
    header.u64(offset);
    offsets.push(offset);
    offset = align(offset + t.data.byteLength);
  }
  const head = header.concat();
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head);
    const dataStart = align(head.length);
    fs.writeSync(fd, Buffer.alloc(dataStart - head.length));
    tensors.forEach((t, i) => {
      fs.writeSync(fd, t.data, 0, t.data.byteLength, dataStart + offsets[i]!);
    });
    // Pad the last tensor so the file ends on the alignment like llama.cpp's writer.
    const end = dataStart + offset;
    if (fs.fstatSync(fd).size < end) fs.ftruncateSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
}
