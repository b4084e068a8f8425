import { describe, expect, it } from 'vitest';
import { f16Bits, tensorIn, toQ8_0 } from '../../../electron/core/models/gguf/ggmlQuantize.js';
import { GGML_F16, GGML_F32, GGML_Q8_0 } from '../../../electron/core/models/gguf/ggmlTypes.js';

/** The value of IEEE half-precision bits. */
function fromF16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

describe('ggml weight precisions', () => {
  it('writes half precision as the hardware rounds it: to nearest, ties to even', () => {
    expect(f16Bits(1)).toBe(0x3c00);
    expect(f16Bits(-2)).toBe(0xc000);
    expect(f16Bits(65504)).toBe(0x7bff);
    expect(f16Bits(1e6)).toBe(0x7c00);
    expect(f16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(f16Bits(2 ** -24)).toBe(0x0001);
    expect(f16Bits(2 ** -26)).toBe(0x0000);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: even wins; 1 + 3·2^-11 rounds up to the even 1 + 2^-9.
    expect(f16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(f16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Rounding carries into the exponent: just under 2 becomes 2.
    expect(f16Bits(2 - 2 ** -12)).toBe(0x4000);
    for (const x of [0.1, -0.333, 3.14159, 1e-5, 7e-7, 1234.5]) {
      const back = fromF16(f16Bits(x));
      expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
    }
  });

  it('lays out Q8_0 blocks as ggml does: an F16 scale, then 32 signed bytes rounded half away from zero', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => (i < 32 ? (i - 16) / 8 : 0));
    values[40] = -0.5;
    const q = toQ8_0(values);
    expect(q.length).toBe(2 * 34);
    const view = new DataView(q.buffer);
    const d = fromF16(view.getUint16(0, true));
    expect(d).toBeCloseTo(2 / 127, 4);
    // -16/8 = -2 is the block's largest magnitude: -127.
    expect(view.getInt8(2)).toBe(-127);
    for (let j = 0; j < 32; j += 1) {
      const x = values[j]!;
      expect(Math.abs(view.getInt8(2 + j) * d - x)).toBeLessThanOrEqual(d / 2 + 1e-3);
    }
    // The second block holds one value: it maps to -127 and its scale is |x| / 127.
    expect(fromF16(view.getUint16(34, true))).toBeCloseTo(0.5 / 127, 5);
    expect(view.getInt8(34 + 2 + 8)).toBe(-127);
    expect(view.getInt8(34 + 2 + 9)).toBe(0);
    // A block of zeros has scale 0 and zeros.
    expect([...toQ8_0(new Float32Array(32))].every((b) => b === 0)).toBe(true);
    expect(() => toQ8_0(new Float32Array(33))).toThrow('multiple of 32');
  });

  it('converts only matrices whose rows fill whole blocks, and keeps vectors F32', () => {
    const matrix = new Float32Array(64 * 2);
    expect(tensorIn('q8_0', 'm', [64, 2], matrix).type).toBe(GGML_Q8_0);
    expect(tensorIn('q8_0', 'odd', [48, 2], new Float32Array(96)).type).toBe(GGML_F32);
    expect(tensorIn('q8_0', 'bias', [64], new Float32Array(64)).type).toBe(GGML_F32);
    expect(tensorIn('f16', 'm', [64, 2], matrix)).toMatchObject({ type: GGML_F16, data: { byteLength: 256 } });
    expect(tensorIn('f32', 'm', [64, 2], matrix)).toMatchObject({ type: GGML_F32, data: { byteLength: 512 } });
  });
});
