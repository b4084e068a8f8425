import type { Citation, CitationStatus } from '../../../../electron/contract/ops/ask.js';

/** A citation marker in answer text: "[2]", "[1, 3]", "[1-3]" — the grammar the core's citation parser reads. */
const MARKER = /\[(\s*\d+\s*(?:(?:,|;|-|–)\s*\d+\s*)*)\]/g;
const MAX_RANGE = 50;

function markerNumbers(body: string): number[] {
  const out: number[] = [];
  for (const part of body.split(/[,;]/)) {
    const [a, b, ...rest] = part.split(/[-–]/).map((s) => Number.parseInt(s.trim(), 10));
    if (a === undefined || Number.isNaN(a)) continue;
    if (b !== undefined && rest.length === 0 && b >= a && b - a <= MAX_RANGE) for (let n = a; n <= b; n++) out.push(n);
    else out.push(a, ...(b === undefined ? [] : [b]));
  }
  return [...new Set(out)];
}

export type ChipStatus = CitationStatus | 'pending';

export type Segment =
  | { kind: 'text'; text: string; start: number; flagged: boolean }
  /** `attributed`: not a marker of the text but the passage the core found for a sentence that cites nothing. */
  | { kind: 'cite'; n: number; start: number; citation: Citation | null; status: ChipStatus; attributed: boolean };

/**
 * A sentence is flagged when none of its citations is backed by its passage: it cites only passages that do not back
 * it, or it cites nothing and no passage backs it (the core's attribution calls that unsupported).
 */
function flaggedRanges(citations: readonly Citation[]): [number, number][] {
  const bySentence = new Map<string, Citation[]>();
  for (const c of citations) {
    const key = `${c.sentenceStart}:${c.sentenceEnd}`;
    bySentence.set(key, [...(bySentence.get(key) ?? []), c]);
  }
  return [...bySentence.values()]
    .filter((cs) => cs.every((c) => c.status === 'unsupported' || c.status === 'invalid'))
    .map((cs) => [cs[0]!.sentenceStart, cs[0]!.sentenceEnd]);
}

/** How many sentences of a finished answer are flagged: the ones highlighted in its text. */
export function flaggedSentenceCount(citations: readonly Citation[]): number {
  return flaggedRanges(citations).length;
}

/** The citation for marker number `n` at `at`: the one whose sentence holds the marker, else any with that number. */
function citationFor(citations: readonly Citation[], n: number, at: number): Citation | null {
  const same = citations.filter((c) => c.n === n);
  return same.find((c) => c.sentenceStart <= at && at <= c.sentenceEnd) ?? same[0] ?? null;
}

/**
 * Splits an answer into plain text and citation chips, cutting the text at
 * flagged sentences' edges so they can be marked. While streaming (no
 * verified citations yet) every chip is pending. A sentence the core
 * attributed gets a chip of its own after it, apart from cited ones.
 */
export function segmentAnswer(text: string, citations: readonly Citation[], final: boolean): Segment[] {
  const flagged = final ? flaggedRanges(citations) : [];
  const clamp = (at: number): number => Math.max(0, Math.min(at, text.length));
  const attributions = final ? citations.filter((c) => c.status === 'attributed') : [];
  const attributedAt = (at: number): Segment[] =>
    attributions
      .filter((c) => clamp(c.sentenceEnd) === at)
      .map((c): Segment => ({ kind: 'cite', n: c.n, start: at, citation: c, status: c.status, attributed: true }));
  const cuts = new Set<number>([0, text.length]);
  for (const [a, b] of flagged) cuts.add(clamp(a)).add(clamp(b));
  for (const c of attributions) cuts.add(clamp(c.sentenceEnd));
  const markers = [...text.matchAll(MARKER)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    numbers: markerNumbers(m[1] ?? ''),
  }));
  for (const m of markers) cuts.add(m.start).add(m.end);
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    segments.push(...attributedAt(start));
    const marker = markers.find((m) => m.start === start);
    if (marker !== undefined) {
      for (const n of marker.numbers) {
        const citation = final ? citationFor(citations, n, start) : null;
        segments.push({
          kind: 'cite',
          n,
          start,
          citation,
          status: final ? (citation?.status ?? 'invalid') : 'pending',
          attributed: false,
        });
      }
      continue;
    }
    if (end <= start || markers.some((m) => m.start < end && start < m.end)) continue;
    const inFlagged = flagged.some(([a, b]) => a <= start && end <= b);
    segments.push({ kind: 'text', text: text.slice(start, end), start, flagged: inFlagged });
  }
  segments.push(...attributedAt(text.length));
  return segments;
}

export const STATUS_LABEL: Record<ChipStatus, string> = {
  verified: 'verified: the passage contains the quoted words',
  supported: 'supported: the passage backs the sentence',
  attributed: 'attributed: the sentence cited nothing; this passage is the best support found for it',
  unsupported: 'unsupported: the passage does not back the sentence',
  invalid: 'invalid: no such passage was given',
  pending: 'being checked',
};

/** Added to a chip's mark when its passage does not bear on the question (a found quote is not an answer). */
export const OFF_QUESTION_MARK = '⊘';

export const STATUS_MARK: Record<ChipStatus, string> = {
  verified: '✓',
  supported: '≈',
  attributed: '~',
  unsupported: '!',
  invalid: '✗',
  pending: '…',
};
