import type { ChunkingOptions, ExtractedPassage, SectionKind } from '../types.js';

export interface TextSection {
  heading: string;
  kind: SectionKind;
  text: string;
}

const SENTENCE_END = /(?<=[.!?])\s+(?=[\p{Lu}\p{N}("[])/u;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/** Sentences of a paragraph; a "sentence" longer than `max` words is cut into `max`-word pieces. */
function sentences(paragraph: string, max: number): string[][] {
  return paragraph
    .split(SENTENCE_END)
    .map(words)
    .filter((s) => s.length > 0)
    .flatMap((s) => (s.length <= max ? [s] : Array.from({ length: Math.ceil(s.length / max) }, (_, i) => s.slice(i * max, (i + 1) * max))));
}

/**
 * Cuts documents without pages (plain text, Markdown, JSONL) into passages:
 * within a section only, packing whole sentences up to `maxWords`, starting
 * the next passage with the last `overlapWords` words, and folding a short
 * tail into the passage before it when that stays near the maximum.
 */
export function chunkText(sections: readonly TextSection[], options: ChunkingOptions): ExtractedPassage[] {
  const passages: ExtractedPassage[] = [];
  for (const section of sections) {
    const pieces = section.text.split(/\n\s*\n/).flatMap((p) => sentences(p, options.maxWords));
    const chunks: string[][] = [];
    let current: string[] = [];
    let fresh = 0;
    let carried = 0;
    for (const sentence of pieces) {
      if (fresh > 0 && current.length + sentence.length > options.maxWords && fresh >= Math.min(options.minWords, options.maxWords / 2)) {
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
    for (const chunk of chunks) {
      passages.push({ section: section.heading, kind: section.kind, text: chunk.join(' '), spans: [], boxes: [], ocr: false });
    }
  }
  return passages;
}
