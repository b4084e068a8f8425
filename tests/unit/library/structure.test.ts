import { describe, expect, it } from 'vitest';
import type { PageLine } from '../../../electron/core/library/extract/pageText.js';
import { findSections } from '../../../electron/core/library/extract/structure.js';

let top = 0;
/** A body-size line of a one-column page, as layout (or OCR's layout) hands it over. */
function line(text: string, blockStart: boolean, page = 6): PageLine {
  top += blockStart ? 20 : 12;
  return {
    text,
    parts: [text],
    x0: 72,
    x1: 500,
    top,
    bottom: top + 10,
    size: 10,
    column: 'span',
    blockStart,
    page,
    start: 0,
    end: text.length,
  };
}

describe('sections', () => {
  it('tags a reference list as references when OCR left its heading at the end of the paragraph above', () => {
    // Flax 2000 p. 6 as Tesseract reads it: no gap seen between the paragraph and "References".
    const lines = [
      line('4 CONCLUSIONS', true),
      line('Hybrid masking model iii slightly outperforms hybrid masking model i for auditory processing which', true),
      line('requires auditory features for the loss of perceptual quality, such as auditory pitch assessment,', false),
      line('References', false),
      line('Beerends J.G., Stemerdink J.A. (1992) “A Perceptual Audio Quality Measure Based on a Psychoacoustic', true),
      line('Sound Representation”, J. Audio Eng, Soc., 40, 963-978', false),
    ];
    const sections = findSections(lines);
    expect(sections.map((s) => [s.heading, s.kind, s.lines.length])).toEqual([
      ['4 CONCLUSIONS', 'body', 3],
      ['References', 'references', 3],
    ]);
  });

  it('does not take the word at the end of a sentence for a heading', () => {
    const lines = [
      line('1 Introduction', true),
      line('Each entry of the list of works cited is checked against the', true),
      line('references', false),
      line('The rest of the paper is organised as follows.', true),
    ];
    expect(findSections(lines).map((s) => s.kind)).toEqual(['body']);
  });
});
