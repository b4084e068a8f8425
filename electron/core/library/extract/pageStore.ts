import type { Line } from './layout.js';

/**
 * A page's laid-out lines packed while the rest of the document is read: their texts in one string, boxes and sizes
 * in one Float64Array, block starts in a byte each — a fraction of the memory of the line objects, which a long
 * document would otherwise hold for every page until its running heads and spellings are known. What only page 1's
 * metadata reads (a line's parts, its column) is not kept.
 */
export interface PackedLines {
  texts: string;
  numbers: Float64Array;
  starts: Uint8Array;
}

const FIELDS = 5;

export function packLines(lines: readonly Line[]): PackedLines {
  const numbers = new Float64Array(lines.length * FIELDS);
  const starts = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    numbers.set([line.x0, line.x1, line.top, line.bottom, line.size], i * FIELDS);
    starts[i] = line.blockStart ? 1 : 0;
  });
  // Layout's lines are single-spaced text without newlines (cleanText).
  return { texts: lines.map((l) => l.text).join('\n'), numbers, starts };
}

export function unpackLines(packed: PackedLines): Line[] {
  if (packed.starts.length === 0) return [];
  return packed.texts.split('\n').map((text, i) => {
    const [x0, x1, top, bottom, size] = packed.numbers.subarray(i * FIELDS, (i + 1) * FIELDS);
    return {
      text,
      parts: [text],
      x0: x0!,
      x1: x1!,
      top: top!,
      bottom: bottom!,
      size: size!,
      column: 'span',
      blockStart: packed.starts[i] === 1,
    };
  });
}
