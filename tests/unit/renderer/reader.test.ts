import { describe, expect, it } from 'vitest';
import { decodeHighlight, encodeHighlight, initialPage, readerPath } from '../../../renderer/src/lib/readerLink.js';
import { boxesOnPage, boxToCss } from '../../../renderer/src/features/reader/highlights.js';
import { findInPage } from '../../../renderer/src/features/reader/findText.js';
import { locateQuote } from '../../../renderer/src/features/reader/locateQuote.js';

describe('highlight boxes in the reader URL', () => {
  const boxes = [
    { page: 3, x: 54.04, y: 100.26, w: 239.1, h: 9 },
    { page: 4, x: 66, y: 12.5, w: 30, h: 9.96 },
  ];

  it('round-trips through the hl parameter at a tenth of a point', () => {
    expect(encodeHighlight(boxes)).toBe('3:54,100.3,239.1,9;4:66,12.5,30,10');
    expect(decodeHighlight(encodeHighlight(boxes))).toEqual([
      { page: 3, x: 54, y: 100.3, w: 239.1, h: 9 },
      { page: 4, x: 66, y: 12.5, w: 30, h: 10 },
    ]);
  });

  it('drops malformed or degenerate entries instead of trusting a typed URL', () => {
    expect(decodeHighlight('3:1,2,3,4;x:1,2,3,4;0:1,2,3,4;2:1,2,0,4;2:1,2,3;<script>;5:-1,2,3,4')).toEqual([
      { page: 3, x: 1, y: 2, w: 3, h: 4 },
      { page: 5, x: -1, y: 2, w: 3, h: 4 },
    ]);
    expect(decodeHighlight(null)).toEqual([]);
    expect(decodeHighlight('')).toEqual([]);
  });

  it('scales points to CSS pixels and keeps only the page shown', () => {
    expect(boxToCss(boxes[1]!, 2)).toEqual({ left: 132, top: 25, width: 60, height: 19.92 });
    expect(boxesOnPage(boxes, 4)).toEqual([boxes[1]]);
  });

  it('builds the route and picks the page to open', () => {
    expect(readerPath('p/1', null, boxes)).toBe(
      '/reader/p%2F1?page=3&hl=3%3A54%2C100.3%2C239.1%2C9%3B4%3A66%2C12.5%2C30%2C10',
    );
    expect(readerPath('p1', 7)).toBe('/reader/p1?page=7');
    expect(readerPath('p1', null)).toBe('/reader/p1');
    expect(readerPath('p1', 2, [boxes[0]!], ' the cited words ')).toBe(
      '/reader/p1?page=2&hl=3%3A54%2C100.3%2C239.1%2C9&q=the+cited+words',
    );
    // A quote without boxes has no page region to refine: no q.
    expect(readerPath('p1', 2, [], 'the cited words')).toBe('/reader/p1?page=2');
    expect(initialPage('5', boxes)).toBe(5);
    expect(initialPage(null, boxes)).toBe(3);
    expect(initialPage('zero', [])).toBe(1);
  });
});

describe('find in a page', () => {
  const page = {
    page: 2,
    items: ['Every compiled trace contains all the', ' ', 'guards', ' ', '(checks) required', 'to validate the trace.'],
    eol: [false, false, false, false, true, true],
  };

  it('finds case-insensitively and maps matches back to text items', () => {
    expect(findInPage(page, 'TRACE')).toEqual([
      { page: 2, start: { item: 0, offset: 15 }, end: { item: 0, offset: 20 } },
      { page: 2, start: { item: 5, offset: 16 }, end: { item: 5, offset: 21 } },
    ]);
  });

  it('matches a phrase across items and across a line end', () => {
    expect(findInPage(page, 'all the guards')).toEqual([
      { page: 2, start: { item: 0, offset: 30 }, end: { item: 2, offset: 6 } },
    ]);
    expect(findInPage(page, 'required   to validate')).toEqual([
      { page: 2, start: { item: 4, offset: 9 }, end: { item: 5, offset: 11 } },
    ]);
  });

  it('treats the query as text, not a pattern', () => {
    expect(findInPage(page, '(checks)')).toHaveLength(1);
    expect(findInPage(page, '.*')).toEqual([]);
    expect(findInPage(page, '   ')).toEqual([]);
  });
});

describe('the cited words on a page', () => {
  // As pdf.js gives a justified page: a hyphen at a line end, a ligature, curly quotes, a column's lines as items.
  const page = {
    page: 4,
    items: [
      'We currently do not trace across recursive calls, but plan to add the sup-',
      'port in the near term. We are also exploring ad-',
      'option of the “existing” work on tree recompilation',
      'in the context of the presented dynamic compiler to',
      'reduce JIT pause times, ﬁnally. We also plan on',
    ],
    eol: [true, true, true, true, true],
  };

  it('finds the quote as the passage text has it: hyphens joined, ligatures expanded, quotes and spacing normalised', () => {
    expect(locateQuote(page, 'We are also exploring adoption of the "existing" work on tree recompilation')).toEqual({
      page: 4,
      start: { item: 1, offset: 23 },
      end: { item: 2, offset: 51 },
    });
    expect(locateQuote(page, 'pause times, finally.')).toEqual({
      page: 4,
      start: { item: 4, offset: 11 },
      end: { item: 4, offset: 30 },
    });
  });

  it('falls back to the first and last words when a word inside differs, within the quote’s length', () => {
    const changed =
      'We are also exploring adoption of the existing work on tree re-compilations in the context of the presented dynamic compiler';
    expect(locateQuote(page, changed)).toEqual({
      page: 4,
      start: { item: 1, offset: 23 },
      end: { item: 3, offset: 48 },
    });
  });

  it('is null when the words are not on the page or too short to place', () => {
    expect(locateQuote(page, 'Trace trees cover the hot loops of a program')).toBeNull();
    expect(locateQuote(page, 'We are')).toBeNull();
    expect(
      locateQuote(
        page,
        'We are also exploring adoption of the existing work on tree recompilation, which then runs over the next page entirely',
      ),
    ).toBeNull();
  });
});
