import type { ChunkingOptions, ExtractedPassage, SectionKind } from '../types.js';

export interface TextSection {
  heading: string;
  kind: SectionKind;
  text: string;
}

/** One passage of a section's text: its words joined by single spaces, and where they lie in that text. */
export interface TextChunk {
  text: string;
  start: number;
  end: number;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const SENTENCE_END = /(?<=[.!?])\s+(?=[\p{Lu}\p{N}("[])/gu;

function words(text: string, offset: number): Word[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    start: offset + m.index,
    end: offset + m.index + m[0].length,
  }));
}

/** Sentences of a paragraph; a "sentence" longer than `max` words is cut into `max`-word pieces. */
function sentences(paragraph: string, offset: number, max: number): Word[][] {
  const bounds = [0, ...[...paragraph.matchAll(SENTENCE_END)].map((m) => m.index), paragraph.length];
  return bounds
    .slice(1)
    .map((end, i) => words(paragraph.slice(bounds[i], end), offset + bounds[i]!))
    .filter((s) => s.length > 0)
    .flatMap((s) =>
      s.length <= max
        ? [s]
        : Array.from({ length: Math.ceil(s.length / max) }, (_, i) => s.slice(i * max, (i + 1) * max)),
    );
}

/**
 * Cuts one section's text into passages: packing whole sentences up to
 * `maxWords` (a quarter more at most), starting the next passage with the last `overlapWords` words,
 * and folding a short tail into the passage before it when that stays near
 * the maximum. Offsets let paged documents map passages back to their pages.
 */
export function chunkSection(text: string, options: ChunkingOptions): TextChunk[] {
  const pieces: Word[][] = [];
  const paragraphBreak = /\n\s*\n/g;
  let from = 0;
  for (const m of [...text.matchAll(paragraphBreak), null]) {
    const to = m === null ? text.length : m.index;
    pieces.push(...sentences(text.slice(from, to), from, options.maxWords));
    if (m !== null) from = m.index + m[0].length;
  }
  const chunks: Word[][] = [];
  let current: Word[] = [];
  let fresh = 0;
  let carried = 0;
  for (const sentence of pieces) {
    const size = current.length + sentence.length;
    // A passage ends before it passes the maximum once it holds enough new words, and in any case before it passes it
    // by a quarter.
    if (
      fresh > 0 &&
      size > options.maxWords &&
      (fresh >= Math.min(options.minWords, options.maxWords / 2) || size > options.maxWords * 1.25)
    ) {
      chunks.push(current);
      current = options.overlapWords > 0 ? current.slice(-options.overlapWords) : [];
      carried = current.length;
      fresh = 0;
    }
    current = current.concat(sentence);
    fresh += sentence.length;
  }
  if (fresh > 0) {
    const last = chunks.at(-1);
    if (last !== undefined && fresh < options.minWords / 2 && last.length + fresh <= options.maxWords * 1.25) {
      chunks[chunks.length - 1] = last.concat(current.slice(carried));
    } else chunks.push(current);
  }
  return chunks.map((chunk) => ({
    text: chunk.map((w) => w.text).join(' '),
    start: chunk[0]!.start,
    end: chunk.at(-1)!.end,
  }));
}

/** Passages of documents without pages (plain text, Markdown, JSONL): within a section only. */
export function chunkText(sections: readonly TextSection[], options: ChunkingOptions): ExtractedPassage[] {
  return sections.flatMap((section) =>
    chunkSection(section.text, options).map((chunk) => ({
      section: section.heading,
      kind: section.kind,
      text: chunk.text,
      spans: [],
      boxes: [],
      ocr: false,
    })),
  );
}
