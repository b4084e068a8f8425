import { describe, expect, it } from 'vitest';
import { parseHocr } from '../../../electron/core/library/extract/hocr.js';

// A trimmed page of `tesseract … hocr` output (Tesseract 5.3): a caption line, an ordinary line, an empty line.
const HOCR = `<?xml version="1.0" encoding="UTF-8"?>
<html><body>
  <div class='ocr_page' id='page_1' title='image "stdin"; bbox 0 0 1760 2480; ppageno 0; scan_res 300 300'>
   <div class='ocr_carea' id='block_1_2' title="bbox 327 224 1164 308">
    <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 327 224 1164 308">
     <span class='ocr_caption' id='line_1_1' title="bbox 327 224 1146 264; baseline 0.007 -13; x_size 49.25; x_descenders 9.5; x_ascenders 13.25">
      <span class='ocrx_word' id='word_1_1' title='bbox 327 224 419 262; x_wconf 90'>Figure</span>
      <span class='ocrx_word' id='word_1_2' title='bbox 430 224 460 262; x_wconf 80'>1:</span>
     </span>
     <span class='ocr_line' id='line_1_2' title="bbox 100 300 900 340; baseline 0 -8; x_size 36; x_descenders 8; x_ascenders 9">
      <span class='ocrx_word' id='word_1_3' title='bbox 100 300 200 340; x_wconf 96'>R&amp;D</span>
      <span class='ocrx_word' id='word_1_4' title='bbox 210 300 300 340; x_wconf 94'>&quot;said&#39;</span>
      <span class='ocrx_word' id='word_1_5' title='bbox 310 300 320 340; x_wconf 10'> </span>
     </span>
     <span class='ocr_line' id='line_1_3' title="bbox 100 400 900 440; baseline 0 -8; x_size 36">
     </span>
    </p>
   </div>
  </div>
</body></html>`;

describe("Tesseract's hOCR", () => {
  it('gives lines of every kind in order, with their words, boxes, row heights and confidences', () => {
    const { lines, confidence } = parseHocr(HOCR);
    expect(lines).toEqual([
      {
        words: [
          { text: 'Figure', x0: 327, x1: 419, confidence: 90 },
          { text: '1:', x0: 430, x1: 460, confidence: 80 },
        ],
        top: 224,
        bottom: 264,
        rowHeight: 49.25,
        confidence: 85,
      },
      {
        words: [
          { text: 'R&D', x0: 100, x1: 200, confidence: 96 },
          { text: `"said'`, x0: 210, x1: 300, confidence: 94 },
        ],
        top: 300,
        bottom: 340,
        rowHeight: 36,
        confidence: 95,
      },
    ]);
    expect(confidence).toBe(90);
  });
});
