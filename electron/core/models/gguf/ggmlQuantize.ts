import type { WeightPrecision } from '../../../contract/ops/models.js';
import { GGML_F16, GGML_Q8_0 } from './ggmlTypes.js';
import { f32Tensor, type GgufTensor } from './ggufWriter.js';

/** Values per Q8_0 block (ggml's QK8_0). */
const Q8_BLOCK = 32;

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of a float, rounded to nearest even as F16C's vcvtps2ph (ggml's FP32_TO_FP16) does. */
export function f16Bits(value: number): number {
  f32[0] = value;
  const x = f32Bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit 1 in, then round the dropped bits to nearest even.
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && (half & 1) === 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa rounds into the exponent, which is the right answer (up to infinity).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? 1 : 0));
}

function toF16(values: Float32Array): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = f16Bits(values[i]!);
  return new Uint8Array(out.buffer);
}

/**
 * Q8_0 as ggml's quantize_row_q8_0_ref writes it: per block of 32 values, the scale d = max|x| / 127 as F16, then
 * the 32 values as round(x / d) in int8 (half away from zero, like C's roundf).
 */
export function toQ8_0(values: Float32Array): Uint8Array {
  if (values.length % Q8_BLOCK !== 0) throw new Error(`Q8_0 needs a multiple of ${Q8_BLOCK} values`);
  const blocks = values.length / Q8_BLOCK;
  const out = new Uint8Array(blocks * (2 + Q8_BLOCK));
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b += 1) {
    const start = b * Q8_BLOCK;
    let amax = 0;
    for (let j = 0; j < Q8_BLOCK; j += 1) amax = Math.max(amax, Math.abs(values[start + j]!));
    const d = amax / 127;
    const inverse = d === 0 ? 0 : 1 / d;
    const at = b * (2 + Q8_BLOCK);
    view.setUint16(at, f16Bits(d), true);
    for (let j = 0; j < Q8_BLOCK; j += 1) {
      const x = values[start + j]! * inverse;
      view.setInt8(at + 2 + j, Math.sign(x) * Math.round(Math.abs(x)));
    }
  }
  return out;
}

/** llama.cpp's general.file_type for a file whose matrices have this precision (llama_ftype). */
export const FILE_TYPE: Record<WeightPrecision, number> = { f32: 0, f16: 1, q8_0: 7 };

/**
 * A tensor in the precision asked for. Only matrices whose rows fill whole blocks are converted; vectors (biases,
 * norms) stay F32, as llama.cpp's converter keeps them.
 */
export function tensorIn(
  precision: WeightPrecision,
  name: string,
  dims: readonly number[],
  values: Float32Array,
): GgufTensor {
  const matrix = dims.length === 2;
  if (precision === 'q8_0' && matrix && dims[0]! % Q8_BLOCK === 0)
    return { name, dims, type: GGML_Q8_0, data: toQ8_0(values) };
  if (precision === 'f16' && matrix) return { name, dims, type: GGML_F16, data: toF16(values) };
  return f32Tensor(name, dims, values);
}
