import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';

export interface SafeTensorInfo {
  name: string;
  dtype: string;
  /** PyTorch order: rows first. */
  shape: number[];
  begin: number;
  end: number;
}

const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };

/** Half-precision bits to a float (IEEE 754 binary16). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * A .safetensors file: an 8-byte header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data.
 */
export class SafetensorsFile {
  private constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly dataStart: number,
    readonly tensors: Map<string, SafeTensorInfo>,
    readonly metadata: Record<string, string>,
  ) {}

  static open(file: string): SafetensorsFile {
    const bad = (problem: string): ScholiumError =>
      new ScholiumError('INVALID_MODEL', `${path.basename(file)} cannot be read: ${problem}`);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      throw new ScholiumError('NOT_FOUND', `There is no file at ${file}.`);
    }
    try {
      const size = fs.fstatSync(fd).size;
      const lengthBytes = Buffer.alloc(8);
      if (fs.readSync(fd, lengthBytes, 0, 8, 0) < 8) throw bad('it is too short to be a safetensors file.');
      const headerLength = Number(lengthBytes.readBigUInt64LE());
      if (headerLength > size - 8 || headerLength > 100 * 1024 * 1024)
        throw bad('its header length is larger than the file; it is not a safetensors file or it is truncated.');
      const header = Buffer.alloc(headerLength);
      fs.readSync(fd, header, 0, headerLength, 8);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(header.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw bad('its header is not valid JSON; it is not a safetensors file.');
      }
      const dataStart = 8 + headerLength;
      const tensors = new Map<string, SafeTensorInfo>();
      for (const [name, value] of Object.entries(parsed)) {
        if (name === '__metadata__') continue;
        const v = value as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
        const [begin, end] = v.data_offsets ?? [NaN, NaN];
        const count = (v.shape ?? []).reduce((a, b) => a * b, 1);
        if (typeof v.dtype !== 'string' || !Array.isArray(v.shape) || !(end >= begin) || dataStart + end > size)
          throw bad(`tensor ${name} is described wrongly or lies past the end of the file.`);
        if (BYTES[v.dtype] !== undefined && count * BYTES[v.dtype]! !== end - begin)
          throw bad(`tensor ${name} has ${end - begin} bytes for ${count} ${v.dtype} values.`);
        tensors.set(name, { name, dtype: v.dtype, shape: v.shape, begin, end });
      }
      return new SafetensorsFile(file, fd, dataStart, tensors, (parsed.__metadata__ ?? {}) as Record<string, string>);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** A tensor's values as float32, whatever its stored precision (F32, F16, BF16). */
  readFloat32(name: string): Float32Array {
    const t = this.tensors.get(name);
    if (t === undefined) throw new ScholiumError('INVALID_MODEL', `${path.basename(this.file)} has no tensor ${name}.`);
    const raw = Buffer.alloc(t.end - t.begin);
    fs.readSync(this.fd, raw, 0, raw.length, this.dataStart + t.begin);
    const count = raw.length / (BYTES[t.dtype] ?? 1);
    const out = new Float32Array(count);
    switch (t.dtype) {
      case 'F32':
        for (let i = 0; i < count; i++) out[i] = raw.readFloatLE(i * 4);
        break;
      case 'F16':
        for (let i = 0; i < count; i++) out[i] = halfToFloat(raw.readUInt16LE(i * 2));
        break;
      case 'BF16': {
        const bits = new Uint32Array(1);
        const asFloat = new Float32Array(bits.buffer);
        for (let i = 0; i < count; i++) {
          bits[0] = raw.readUInt16LE(i * 2) << 16;
          out[i] = asFloat[0]!;
        }
        break;
      }
      default:
        throw new ScholiumError(
          'INVALID_MODEL',
          `Tensor ${name} in ${path.basename(this.file)} is stored as ${t.dtype}; only F32, F16 and BF16 weights can be converted.`,
        );
    }
    return out;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
