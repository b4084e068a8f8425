import { describe, expect, it } from 'vitest';
import { wordShare } from '../../../electron/core/library/extract/ocr.js';
import type { TextItem } from '../../../electron/core/library/extract/layout.js';

const items = (text: string): TextItem[] =>
  text.split(' ').map((str, i) => ({ str, x0: i * 10, x1: i * 10 + 8, top: 0, bottom: 10, size: 10 }));

describe('the share of word-like tokens on an OCR page', () => {
  it('is high for recognised prose, numbers and punctuation included', () => {
    expect(
      wordShare(items('In 1998, the auditory masking model (Fig. 3) was 12.5% better; a tone-on-tone test.')),
    ).toBeGreaterThan(0.9);
  });

  it('is low for what noise and stains read as', () => {
    expect(wordShare(items('~~ ;:| lI1 ,.- \\\\ ^^ rnm ## |{ Wv\\\\ ::: x9 `` qzx'))).toBeLessThan(0.2);
  });
});
