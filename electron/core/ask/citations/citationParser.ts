/** A citation marker in answer text: "[2]", "[1, 3]", "[1-3]" (also en dash), with its character range. */
export interface CitationMarker {
  numbers: number[];
  start: number;
  end: number;
}

const MARKER = /\[(\s*\d+\s*(?:(?:,|;|-|–)\s*\d+\s*)*)\]/g;
const MAX_RANGE = 50;

function expand(body: string): number[] {
  const out: number[] = [];
  for (const part of body.split(/[,;]/)) {
    const range = part.split(/[-–]/).map((s) => Number.parseInt(s.trim(), 10));
    const [a, b] = range;
    if (a === undefined || Number.isNaN(a)) continue;
    if (range.length === 2 && b !== undefined && !Number.isNaN(b) && b >= a && b - a <= MAX_RANGE) {
      for (let n = a; n <= b; n += 1) out.push(n);
    } else if (range.length === 2 && b !== undefined && !Number.isNaN(b)) {
      // A reversed or absurd range: keep its ends, which the verifier can judge.
      out.push(a, b);
    } else out.push(a);
  }
  return [...new Set(out)];
}

export function parseCitations(text: string): CitationMarker[] {
  return [...text.matchAll(MARKER)].map((m) => ({
    numbers: expand(m[1] ?? ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Finds markers in a token stream as soon as each closes. Text after the last
 * "[" is held back until it either closes or clearly is not a marker.
 */
export class StreamingCitationParser {
  private text = '';
  private scanned = 0;

  /** Feeds the next chunk and returns the markers completed by it. */
  push(chunk: string): CitationMarker[] {
    this.text += chunk;
    const found: CitationMarker[] = [];
    for (;;) {
      const open = this.text.indexOf('[', this.scanned);
      if (open === -1) {
        this.scanned = this.text.length;
        break;
      }
      const close = this.text.indexOf(']', open);
      if (close === -1) {
        // Still open: give up only if it can no longer be a marker.
        if (!/^\[[\s\d,;\-–]*$/.test(this.text.slice(open))) this.scanned = open + 1;
        else this.scanned = open;
        break;
      }
      const candidate = this.text.slice(open, close + 1);
      const markers = parseCitations(candidate);
      if (markers.length === 1 && markers[0]!.start === 0 && markers[0]!.end === candidate.length) {
        found.push({ numbers: markers[0]!.numbers, start: open, end: close + 1 });
      }
      this.scanned = open + 1;
      if (markers.length === 1) this.scanned = close + 1;
    }
    return found;
  }
}
