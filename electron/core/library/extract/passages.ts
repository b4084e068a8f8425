import type { ChunkingOptions, ExtractedPassage, PageSpan } from '../types.js';
import { chunkSection } from './textChunker.js';
import { boxOf, type PageLine } from './pageText.js';
import type { Section } from './structure.js';

interface Placed {
  line: PageLine;
  /** Where the line starts in the section's text. */
  at: number;
}

/**
 * A section's text, built from its lines' page text: lines that follow each
 * other on a page keep what separates them there (so a hyphenated word
 * stays joined); elsewhere (across a page, around a figure) a blank line.
 */
function sectionText(section: Section, pageText: (page: number) => string): { text: string; placed: Placed[] } {
  let text = '';
  const placed: Placed[] = [];
  let prev: PageLine | null = null;
  for (const line of section.lines) {
    const page = pageText(line.page);
    if (prev !== null) {
      const between = prev.page === line.page && line.start >= prev.end ? page.slice(prev.end, line.start) : null;
      text += between !== null && /^\s{0,2}$/.test(between) ? between : '\n\n';
    }
    placed.push({ line, at: text.length });
    text += page.slice(line.start, line.end);
    prev = line;
  }
  return { text, placed };
}

/** The page ranges and line boxes of the section text between `start` and `end`. */
function locate(placed: readonly Placed[], start: number, end: number): Pick<ExtractedPassage, 'spans' | 'boxes'> {
  const spans: PageSpan[] = [];
  const boxes: ExtractedPassage['boxes'] = [];
  for (const { line, at } of placed) {
    const lo = Math.max(start, at);
    const hi = Math.min(end, at + (line.end - line.start));
    if (hi <= lo) continue;
    boxes.push(boxOf(line));
    const span = { page: line.page, start: line.start + (lo - at), end: line.start + (hi - at) };
    const last = spans.at(-1);
    if (last !== undefined && last.page === span.page && span.start >= last.end && span.start - last.end <= 2)
      last.end = span.end;
    else spans.push(span);
  }
  return { spans, boxes };
}

/** Section-aware passages, each with its spans in the pages' text and the boxes of its lines. */
export function sectionPassages(
  sections: readonly Section[],
  pageText: (page: number) => string,
  ocrPages: ReadonlySet<number>,
  options: ChunkingOptions,
): ExtractedPassage[] {
  const passages: ExtractedPassage[] = [];
  for (const section of sections) {
    const { text, placed } = sectionText(section, pageText);
    for (const chunk of chunkSection(text, options)) {
      const { spans, boxes } = locate(placed, chunk.start, chunk.end);
      passages.push({
        section: section.heading,
        kind: section.kind,
        text: chunk.text,
        spans,
        boxes,
        ocr: spans.some((s) => ocrPages.has(s.page)),
      });
    }
  }
  return passages;
}
