import { describe, expect, it } from 'vitest';
import type { Line } from '../../../electron/core/library/extract/layout.js';
import { titleCase } from '../../../electron/core/library/extract/pdfMetadata.js';
import { printedVenue } from '../../../electron/core/library/extract/venue.js';

const lines = (...texts: string[]): Line[] =>
  texts.map((text, i) => ({
    text,
    parts: [text],
    x0: 72,
    x1: 500,
    top: 60 + i * 14,
    bottom: 70 + i * 14,
    size: 10,
    column: 'span',
    blockStart: true,
  }));

describe('a first page’s venue line', () => {
  it('reads a conference tag with its year, a journal’s running head and a proceedings footnote', () => {
    expect(printedVenue(lines('SST-2000: 8° Aust. Int. Conf. Speech Sci. & Tech. 244'))).toMatchObject({
      venue: 'SST-2000: 8° Aust. Int. Conf. Speech Sci. & Tech.',
      itemType: 'conference-paper',
      year: 2000,
    });
    // An ISSN is no year ("2073-4859").
    expect(printedVenue(lines('The R Journal Vol. 6/1, June ISSN 2073-4859'))).toMatchObject({
      venue: 'The R Journal',
      itemType: 'journal-article',
      year: null,
    });
    expect(
      printedVenue(lines('1 To appear in the Proceedings of the 1992 Winter Usenix, San Francisco, CA, January 1992.')),
    ).toMatchObject({ venue: 'Proceedings of the 1992 Winter Usenix', itemType: 'conference-paper', year: 1992 });
  });

  it('takes the journal a vignette says it was published in, but not a previous version’s', () => {
    expect(
      printedVenue(lines('This vignette corresponds to the paper published in the Journal of Statistical Software.')),
    ).toMatchObject({ venue: 'Journal of Statistical Software', publishedElsewhere: true });
    expect(
      printedVenue(
        lines('A previous version of this paper has been published as Zeileis (2005) in the Journal of Statistical'),
      ),
    ).toMatchObject({ venue: null, itemType: null, publishedElsewhere: false });
  });

  it('calls a paper with arXiv’s stamp a preprint only when no venue is printed', () => {
    const stamp = ['arXiv:2302.07302v1 [cs.HC] 14 Feb 2023'];
    expect(printedVenue(lines('A paper'), stamp)).toMatchObject({
      venue: 'arXiv preprint arXiv:2302.07302',
      itemType: 'preprint',
      year: 2023,
    });
    expect(printedVenue(lines('CHI ’23, April 23–28, 2023, Hamburg, Germany'), stamp)).toMatchObject({
      venue: 'CHI ’23',
      itemType: 'conference-paper',
    });
  });
});

describe('a title set in capitals', () => {
  it('is put in title case, short words and words with digits aside; other titles stay as they are', () => {
    expect(titleCase('IMPROVED AUDITORY MASKING MODELS')).toBe('Improved Auditory Masking Models');
    expect(titleCase('THE S2ORC CORPUS OF PAPERS AND THEIR CITATIONS')).toBe(
      'The S2ORC Corpus of Papers and Their Citations',
    );
    expect(titleCase('LONGEVAL: Guidelines for Human Evaluation')).toBe('LONGEVAL: Guidelines for Human Evaluation');
    expect(titleCase('CVS II')).toBe('CVS II');
  });
});
