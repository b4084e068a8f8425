/**
 * PDF extraction on real corpus papers, in-process (the worker pool around it
 * is tested in extractPool.test.ts): reading order across column breaks,
 * first-page metadata, sections, references, running headers, de-hyphenation,
 * and passages that point back into their pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../../../electron/core/library/extract/extractPdf.js';
import { DEFAULT_CHUNKING, type ExtractedDocument } from '../../../electron/core/library/types.js';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const available = fs.existsSync(corpus);
if (!available) console.warn('PDF extraction tests skipped: ../shared/corpus is not available.');

const PAPERS = [
  '2020.acl-main.447.pdf',
  '2023.eacl-main.121.pdf',
  '2203.00130v1.pdf',
  '2206.10883v3.pdf',
  '2302.07302v1.pdf',
  '2304.02623v1.pdf',
  'CLSAG.pdf',
  'Fibre_Diffraction_Review_2005_13_19-22.pdf',
  'RJournal_6_111-122-2014.pdf',
  'RProtoBuf-paper.pdf',
  'Rcpp-jss-2011.pdf',
  'bdb_usenix.pdf',
  'bridgesampling_paper.pdf',
  'clm_article.pdf',
  'countreg.pdf',
  'cvs-paper.pdf',
  'd_jss_paper.pdf',
  'dtc-paper.pdf',
  'faust-soft-computing.pdf',
  'jss816.pdf',
  'lac06.pdf',
  'libtp_usenix.pdf',
  'lme4-lmer.pdf',
  'loudness-meter.pdf',
  'papermage.pdf',
  'paperqa-wellawatte.pdf',
  'pasa.pdf',
  'tb87fahmy.pdf',
  'tb87nemeth.pdf',
  'tracemonkey.pdf',
  'zoo.pdf',
] as const;
type Paper = (typeof PAPERS)[number];

const docs = new Map<Paper, ExtractedDocument>();
const doc = (paper: Paper): ExtractedDocument => docs.get(paper)!;
const flat = (text: string): string => text.replace(/\s+/g, ' ');

beforeAll(async () => {
  if (!available) return;
  for (const paper of PAPERS)
    docs.set(
      paper,
      await extractPdf(path.join(corpus, paper), {
        chunking: DEFAULT_CHUNKING,
        maxBytes: 2 ** 30,
        ocrPages: 0,
        ocrTimeMs: 600_000,
        recognizer: null,
      }),
    );
}, 240_000);

describe.skipIf(!available)('PDF extraction on real papers', () => {
  it('reads two-column pages column by column: sentences that cross a column break come out whole', () => {
    // Each sentence ends at the foot of the left column and goes on at the top of the right one (checked with pdftotext
    // -layout).
    const crossing: [Paper, number, string][] = [
      [
        'tracemonkey.pdf',
        1,
        'JavaScript, for example, is the de facto standard for client-side web programming and is used for the application logic of browser-based productivity applications',
      ],
      [
        'bdb_usenix.pdf',
        2,
        'Example applications include managing access control lists, storing user keys in a public-key infrastructure',
      ],
      [
        'papermage.pdf',
        3,
        'requires access to its visuospatial layout (e.g., pages, blocks, lines), logical structure',
      ],
      ['loudness-meter.pdf', 3, 'For ITU 5.1 surround the weights for L,R and C are unity'],
      ['2020.acl-main.447.pdf', 3, 'being recognized as inline citations in papers with BRACKET-style citations'],
    ];
    for (const [paper, page, sentence] of crossing)
      expect(flat(doc(paper).pages[page - 1]!.text), `${paper} p.${page}`).toContain(sentence);
    // A last page whose right column is much shorter than the left one is still read as two columns, not line by line
    // across both.
    const refs = doc('2304.02623v1.pdf').pages[3]!.text;
    expect(flat(refs)).toContain('ComLittee: Literature Discovery with Personal Elected Author Committees');
    expect(refs.indexOf('[17] Hyeonsu B Kang')).toBeLessThan(refs.indexOf('[33] Kevin Yang'));
    // The full-width title and abstract come before the columns.
    const first = doc('tracemonkey.pdf').pages[0]!.text;
    expect(first.indexOf('Trace-based Just-in-Time')).toBeLessThan(
      first.indexOf('Dynamic languages such as JavaScript are more difficult'),
    );
    expect(first.indexOf('programs.')).toBeLessThan(first.indexOf('1. Introduction'));
  });

  it('reads title, authors, year and DOI from first pages, and rejects junk info-dict titles', () => {
    const expected: Partial<
      Record<Paper, { title?: string; authors?: string[]; year?: number | null; doi?: string | null }>
    > = {
      '2020.acl-main.447.pdf': {
        title: 'S2ORC: The Semantic Scholar Open Research Corpus',
        authors: ['Kyle Lo', 'Lucy Lu Wang', 'Mark Neumann'],
        year: 2020,
      },
      '2302.07302v1.pdf': {
        title: 'CiteSee: Augmenting Citations in Scientific Papers with Persistent and Personalized Historical Context',
        year: 2023,
        doi: '10.1145/3544548.3580847',
      },
      // Its XMP lists "Jonathan Bragg" and "Jeff Hammerbacher" as one creator, split by a line break.
      '2304.02623v1.pdf': {
        authors: [
          'Zejiang Shen',
          'Tal August',
          'Pao Siangliulue',
          'Kyle Lo',
          'Jonathan Bragg',
          'Jeff Hammerbacher',
          'Doug Downey',
        ],
        year: 2023,
      },
      '2023.eacl-main.121.pdf': {
        title: 'LONGEVAL: Guidelines for Human Evaluation of Faithfulness in Long-form Summarization',
        authors: [
          'Kalpesh Krishna',
          'Erin Bransom',
          'Bailey Kuehl',
          'Mohit Iyyer',
          'Pradeep Dasigi',
          'Arman Cohan',
          'Kyle Lo',
        ],
        year: 2023,
      },
      '2203.00130v1.pdf': {
        title:
          'Paper Plain: Making Medical Research Papers Approachable to Healthcare Consumers with Natural Language Processing',
        authors: ['Tal August', 'Lucy Lu Wang', 'Jonathan Bragg'],
      },
      '2206.10883v3.pdf': {
        title: 'Multi-LexSum: Real-World Summaries of Civil Rights Lawsuits at Multiple Granularities',
        authors: ['Zejiang Shen', 'Kyle Lo', 'Lauren Yu', 'Nathan Dahlberg'],
      },
      'CLSAG.pdf': {
        title: 'Concise Linkable Ring Signatures and Forgery Against Adversarial Keys',
        authors: ['Brandon Goodell', 'Sarang Noether', 'Arthur Blue'],
      },
      'Fibre_Diffraction_Review_2005_13_19-22.pdf': {
        title: 'New Functionality in CORFUNC',
        authors: ['Stephen King', 'Damian Flannery'],
        year: 2005,
        doi: '10.1382/fdr.2005.1304',
      },
      'RJournal_6_111-122-2014.pdf': {
        title: 'The stringdist Package for Approximate String Matching',
        authors: ['Mark P.J. van der Loo'],
      },
      'RProtoBuf-paper.pdf': {
        title: 'RProtoBuf: Efficient Cross-Language Data Serialization in R',
        authors: ['Dirk Eddelbuettel', 'Murray Stokely', 'Jeroen Ooms'],
      },
      'Rcpp-jss-2011.pdf': {
        title: 'Rcpp: Seamless R and C++ Integration',
        authors: ['Dirk Eddelbuettel', 'Romain François'],
      },
      // The 1999 paper in a PDF made in 2009, years after its newest citation: no year rather than the file's.
      'bdb_usenix.pdf': {
        title: 'Berkeley DB',
        authors: ['Michael A. Olson', 'Keith Bostic', 'Margo Seltzer'],
        year: null,
      },
      'clm_article.pdf': {
        title: 'Cumulative Link Models for Ordinal Regression with the R Package ordinal',
        authors: ['Rune Haubo B Christensen'],
      },
      'countreg.pdf': {
        title: 'Regression Models for Count Data in R',
        authors: ['Achim Zeileis', 'Christian Kleiber', 'Simon Jackman'],
      },
      // A 1990 paper in a PDF made in 2023 (its XMP date): no year rather than the rebuild's.
      'cvs-paper.pdf': { title: 'CVS II: Parallelizing Software Development', authors: ['Brian Berliner'], year: null },
      // Page 1 prints JSS's template DOI, 10.18637/jss.v000.i00: no DOI is better than that one.
      'd_jss_paper.pdf': {
        title: 'Fitting Heavy Tailed Distributions: The poweRlaw Package',
        authors: ['Colin S. Gillespie'],
        year: 2015,
        doi: null,
      },
      // Each author's e-mail follows the name on the line ("David Gibson <dwg@au1.ibm.com>").
      'dtc-paper.pdf': { title: 'Device trees everywhere', authors: ['David Gibson', 'Benjamin Herrenschmidt'] },
      'faust-soft-computing.pdf': {
        title: 'Syntactical and Semantical Aspects of Faust',
        authors: ['Yann Orlarey', 'Dominique Fober', 'Stephane Letz'],
      },
      'jss816.pdf': { title: 'spacetime: Spatio-Temporal Data in R', authors: ['Edzer Pebesma'], year: 2012 },
      // "Albert GR ¨" | "AF": the accent over the A is an item of its own line's text.
      'lac06.pdf': {
        title: 'DSP Programming with Faust, Q and SuperCollider',
        authors: ['Yann Orlarey', 'Albert Gräf', 'Stefan Kersten'],
      },
      'libtp_usenix.pdf': { authors: ['Margo Seltzer', 'Michael Olson'], year: 1992 },
      // "…published online in the Journal of Statistical Soft-" / "ware, on Oct. 2015, with DOI 10.18637/jss.v067.i01".
      'lme4-lmer.pdf': {
        authors: ['Douglas Bates', 'Martin Mächler', 'Ben Bolker', 'Steve Walker'],
        year: 2015,
        doi: '10.18637/jss.v067.i01',
      },
      // Page 1 prints no year; the info dict's creation date (D:2011…) is the year of LAC 2011.
      'loudness-meter.pdf': {
        title: 'Loudness measurement according to EBU R-128',
        authors: ['Fons Adriaensen'],
        year: 2011,
      },
      'papermage.pdf': { authors: ['Kyle Lo', 'Zejiang Shen', 'Benjamin Newman'], year: 2023 },
      'paperqa-wellawatte.pdf': {
        title: 'A Perspective on Explanations of Molecular Prediction Models',
        authors: ['Geemi P. Wellawatte', 'Heta A. Gandhi', 'Aditi Seshadri'],
      },
      // A figure label in larger type ("Paper Search") sits under the authors' addresses: the title is the one above
      // them.
      'pasa.pdf': {
        title: 'PaSa: An LLM Agent for Comprehensive Academic Paper Search',
        authors: ['Yichen He', 'Guanhua Huang', 'Peiyuan Feng'],
      },
      // TUGboat prints "TUGboat, Volume 27 (2006), No. 1" as page 1's running head: the year is read before running
      // heads are dropped.
      'tb87fahmy.pdf': {
        title: 'AlQalam for typesetting traditional Arabic texts',
        authors: ['Hossam A. H. Fahmy'],
        year: 2006,
      },
      'tb87nemeth.pdf': {
        title: 'Automatic non-standard hyphenation in OpenOffice.org',
        authors: ['László Németh'],
        year: 2006,
      },
      'tracemonkey.pdf': {
        title: 'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
        authors: ['Andreas Gal', 'Brendan Eich', 'Mike Shaver'],
        year: 2009,
      },
      'zoo.pdf': {
        title: 'zoo: An S3 Class and Methods for Indexed Totally Ordered Observations',
        authors: ['Achim Zeileis', 'Gabor Grothendieck'],
      },
    };
    for (const [paper, want] of Object.entries(expected) as [Paper, (typeof expected)[Paper] & object][]) {
      const meta = doc(paper).metadata;
      if (want.title !== undefined) expect(meta.title, paper).toBe(want.title);
      if (want.authors !== undefined) expect(meta.authors.slice(0, want.authors.length), paper).toEqual(want.authors);
      if (want.year !== undefined) expect(meta.year, paper).toBe(want.year);
      if (want.doi !== undefined) expect(meta.doi, paper).toBe(want.doi);
    }
    // JSS's name/affiliation grid: the affiliation row ("Debian Project   R Enthusiasts") and its run-on line ("Los
    // Angeles") are no authors.
    expect(doc('RProtoBuf-paper.pdf').metadata.authors).toEqual(['Dirk Eddelbuettel', 'Murray Stokely', 'Jeroen Ooms']);
    expect(doc('Rcpp-jss-2011.pdf').metadata.authors).toEqual(['Dirk Eddelbuettel', 'Romain François']);
    // A name broken across lines: "…, Aditi Seshadri,‡ and Andrew" / "D. White∗,‡".
    expect(doc('paperqa-wellawatte.pdf').metadata.authors).toEqual([
      'Geemi P. Wellawatte',
      'Heta A. Gandhi',
      'Aditi Seshadri',
      'Andrew D. White',
    ]);
    // bridgesampling's page 1 prints only cited years ("(e.g., Kass and Raftery 1995); (c) Bayesian…"): none is taken
    // for its own.
    expect(doc('bridgesampling_paper.pdf').metadata).toMatchObject({ year: 2018, sources: { year: 'info' } });
    // Its info dict says "FDR2005 (1).qxd": the title comes from the page layout instead.
    expect(doc('Fibre_Diffraction_Review_2005_13_19-22.pdf').metadata.sources.title).toBe('layout');
    expect(doc('2020.acl-main.447.pdf').metadata.sources).toMatchObject({
      title: 'info',
      authors: 'info',
      year: 'layout',
    });
    expect(doc('tb87nemeth.pdf').metadata.abstract).toMatch(
      /^The hyphenation algorithm of OpenOffice\.org 2\.0\.2 is a generalization/,
    );
  });

  it('reads the venue, item type and year a first page prints, in place of the file’s creation date', () => {
    const J = 'journal-article';
    const C = 'conference-paper';
    const P = 'preprint';
    const JSS = 'Journal of Statistical Software';
    // Checked by reading each first page. Where it prints no venue (a vignette, a workshop paper without a footer),
    // none is guessed. Before venues were read: no venue or type for any paper, and Rcpp's year was its rebuild's.
    const expected: Record<Paper, [venue: string | null, type: string | null, year: number | null]> = {
      '2020.acl-main.447.pdf': [
        'Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics',
        C,
        2020,
      ],
      '2023.eacl-main.121.pdf': [
        'Proceedings of the 17th Conference of the European Chapter of the Association for Computational Linguistics',
        C,
        2023,
      ],
      // arXiv's stamp down the margin.
      '2203.00130v1.pdf': ['arXiv preprint arXiv:2203.00130', P, 2022],
      '2206.10883v3.pdf': ['arXiv preprint arXiv:2206.10883', P, 2022],
      // ACM's reference format on page 1 (the arXiv stamp too: the venue wins).
      '2302.07302v1.pdf': ['Proceedings of the 2023 CHI Conference on Human Factors in Computing Systems', C, 2023],
      '2304.02623v1.pdf': ['arXiv preprint arXiv:2304.02623', P, 2023],
      'CLSAG.pdf': [null, null, 2020],
      'Fibre_Diffraction_Review_2005_13_19-22.pdf': ['Fibre Diffraction Review', J, 2005],
      // Its footer prints "The R Journal Vol. 6/1, June" and no year.
      'RJournal_6_111-122-2014.pdf': ['The R Journal', J, null],
      'RProtoBuf-paper.pdf': [null, null, 2022],
      // "This vignette corresponds to the paper published in the Journal of Statistical Software": the year is that of
      // its own entry in its reference list, "Eddelbuettel D, François R (2011)", not the rebuilt file's 2023.
      'Rcpp-jss-2011.pdf': [JSS, J, 2011],
      'bdb_usenix.pdf': [null, null, null],
      'bridgesampling_paper.pdf': [null, null, 2018],
      // "…no longer submitted for publication in Journal of Statistical Software": not its venue.
      'clm_article.pdf': [null, null, 2022],
      'countreg.pdf': [null, null, null],
      'cvs-paper.pdf': [null, null, null],
      'd_jss_paper.pdf': [JSS, J, 2015],
      'dtc-paper.pdf': [null, null, 2023],
      'faust-soft-computing.pdf': ['Soft Computing', J, 2004],
      'jss816.pdf': [JSS, J, 2012],
      'lac06.pdf': [null, null, 2006],
      // A footnote: "To appear in the Proceedings of the 1992 Winter Usenix, San Francisco, CA, January 1992."
      'libtp_usenix.pdf': ['Proceedings of the 1992 Winter Usenix', C, 1992],
      'lme4-lmer.pdf': [JSS, J, 2015],
      'loudness-meter.pdf': [null, null, 2011],
      'papermage.pdf': [null, null, 2023],
      'paperqa-wellawatte.pdf': [null, null, 2023],
      'pasa.pdf': ['arXiv preprint arXiv:2501.10120', P, 2025],
      'tb87fahmy.pdf': ['TUGboat', J, 2006],
      'tb87nemeth.pdf': ['TUGboat', J, 2006],
      'tracemonkey.pdf': ['PLDI’09', C, 2009],
      // "A previous version … has been published as Zeileis and Grothendieck (2005) in the Journal of Statistical
      // Software": that version's venue is not this one's.
      'zoo.pdf': [null, null, 2005],
    };
    const got = Object.fromEntries(
      PAPERS.map((paper) => {
        const m = doc(paper).metadata;
        return [paper, [m.venue, m.itemType, m.year]];
      }),
    );
    expect(got).toEqual(expected);
    expect(doc('Rcpp-jss-2011.pdf').metadata.sources).toMatchObject({ year: 'text', venue: 'layout' });
  });

  it('finds sections: abstract, numbered headings, references split off, appendices after them', () => {
    const sections = (paper: Paper): string[] => [
      ...new Set(
        doc(paper)
          .passages.filter((p) => p.kind !== 'caption')
          .map((p) => `${p.kind}:${p.section}`),
      ),
    ];
    expect(sections('tb87nemeth.pdf')).toEqual([
      'front:',
      'abstract:Abstract',
      'body:Introduction',
      'body:Results',
      'body:Conclusion',
      'body:Acknowledgments',
      'references:References',
    ]);
    const acl = sections('2020.acl-main.447.pdf');
    expect(acl).toEqual(
      expect.arrayContaining([
        'abstract:Abstract',
        'body:1 Introduction',
        'body:2 Constructing the corpus',
        'body:7 Related work',
        'body:8 Conclusion',
        'references:References',
      ]),
    );
    expect(acl.findIndex((s) => s.startsWith('appendix:'))).toBeGreaterThan(acl.indexOf('references:References'));
    expect(sections('tracemonkey.pdf')).toEqual(
      expect.arrayContaining([
        'body:1. Introduction',
        'body:3. Trace Trees',
        'body:8. Related Work',
        'references:References',
      ]),
    );
    // References: every passage of the reference list, and none of the body, is kind 'references'.
    for (const paper of PAPERS) {
      const refs = doc(paper).passages.filter((p) => p.kind === 'references');
      // These print no reference list at all (checked with pdftotext).
      if (paper === 'RProtoBuf-paper.pdf' || paper === 'cvs-paper.pdf' || paper === 'dtc-paper.pdf') continue;
      expect(refs.length, paper).toBeGreaterThan(0);
      expect(doc(paper).passages.indexOf(refs[0]!), paper).toBeGreaterThan(0);
    }
    const tmRefs = doc('tracemonkey.pdf').passages.filter((p) => p.kind === 'references');
    expect(tmRefs.map((p) => p.text).join(' ')).toContain('Dynamo: A transparent dynamic optimization system');
    expect(
      doc('tracemonkey.pdf')
        .passages.filter((p) => p.kind === 'body')
        .some((p) => p.text.includes('Dynamo: A transparent dynamic optimization system')),
    ).toBe(false);
    // Captions are their own passages.
    const captions = doc('tracemonkey.pdf').passages.filter((p) => p.kind === 'caption');
    expect(captions.some((p) => /^Figure 1\. /.test(p.text))).toBe(true);
  });

  it('removes running headers, footers and page numbers', () => {
    // JSS: "2 poweRlaw: Fitting Heavy Tailed Distributions" / "Journal of Statistical Software 3" head every page but
    // the first.
    const jss = doc('d_jss_paper.pdf').pages.slice(1);
    expect(jss.filter((p) => /poweRlaw: Fitting Heavy Tailed Distributions/.test(p.text))).toEqual([]);
    expect(jss.filter((p) => /^Journal of Statistical Software \d+$/m.test(p.text))).toEqual([]);
    // CHI: "CHI ’23, April 23–28, 2023, Hamburg, Germany" and "Chang et al." head the pages of CiteSee.
    expect(
      doc('2302.07302v1.pdf').pages.filter(
        (p) => p.page > 1 && /CHI ’23, April 23–28, 2023, Hamburg, Germany|^Chang et al\.$/m.test(p.text),
      ),
    ).toEqual([]);
    // No page of any paper keeps its page number as its first or last line.
    for (const paper of PAPERS) {
      for (const page of doc(paper).pages) {
        const lines = page.text.split('\n').filter((l) => l.trim() !== '');
        expect(
          [lines[0], lines.at(-1)].filter((l) => l === String(page.page)),
          `${paper} p.${page.page}`,
        ).toEqual([]);
      }
    }
  });

  it('joins words hyphenated across line breaks, and normalises ligatures', () => {
    const nemeth = flat(doc('tb87nemeth.pdf').pages[0]!.text);
    expect(nemeth).toContain('But complex analysis is necessary for languages');
    expect(nemeth).toContain('The improved hyphenation library (without integrated linguistic tools)');
    // EACL's abstract and body columns have different leading, so their lines interleave in height; each line still
    // stays whole.
    const eacl = flat(doc('2023.eacl-main.121.pdf').pages[0]!.text);
    expect(eacl).toContain('do not perform any human evaluation on model-generated summaries, while other works');
    expect(eacl).toContain('while maintaining accurate faithfulness scores? and (3) Do humans benefit');
    // Across the column break of tracemonkey's page 1: "com-" | "pile".
    expect(flat(doc('tracemonkey.pdf').pages[0]!.text)).toContain(
      'more difficult to compile than statically typed ones',
    );
    // A word that was broken at a real hyphen in a compound keeps it ("state-of-" | "the-art").
    expect(
      flat(
        doc('tb87nemeth.pdf')
          .pages.map((p) => p.text)
          .join(' '),
      ),
    ).toContain('state-of');
    // A compound broken at its own hyphen keeps it when the paper writes it hyphenated elsewhere ("fine-" | "grained").
    for (const [paper, compound] of [
      ['2023.eacl-main.121.pdf', 'fine-grained'],
      ['papermage.pdf', 'visually-rich'],
      ['bdb_usenix.pdf', 'memory-mapped'],
    ] as const) {
      const text = doc(paper)
        .pages.map((p) => p.text)
        .join('\n');
      expect(text, paper).not.toContain(compound.replace('-', ''));
      expect(text, paper).toContain(compound);
    }
    for (const paper of PAPERS)
      expect(
        doc(paper).pages.some((p) => /[\uFB00-\uFB06]/.test(p.text)),
        paper,
      ).toBe(false);
    // TeX sets an accented letter as the accent, then the letter under it, often in two text items: they come out as
    // one letter.
    const all = (paper: Paper): string =>
      flat(
        doc(paper)
          .pages.map((p) => p.text)
          .join(' '),
      );
    expect(all('tracemonkey.pdf')).toContain('exactly as the naïve version.');
    expect(all('2020.acl-main.447.pdf')).toContain('Saier and Färber (2019) derived from arXiv');
    expect(all('2020.acl-main.447.pdf')).toContain('Montréal, Canada');
    expect(all('RProtoBuf-paper.pdf')).toContain('were made by Romain François whose');
    expect(all('tb87nemeth.pdf')).toContain('meggyőz meg- győz verb prefix');
    for (const paper of [
      'tracemonkey.pdf',
      '2020.acl-main.447.pdf',
      'RProtoBuf-paper.pdf',
      'lac06.pdf',
      'tb87nemeth.pdf',
      'd_jss_paper.pdf',
    ] as const) {
      expect(all(paper).match(/\S{0,12}\s[\u0300-\u036f]\S{0,12}/gu), paper).toBeNull();
    }
  });

  it('treats a text layer of control characters (fonts without a character map) as unreadable, not as text', async () => {
    // TAMReview's body fonts map glyphs to control codes (pdftotext gets the same); without OCR those pages stay empty.
    const tam = await extractPdf(path.join(corpus, 'TAMReview.pdf'), {
      chunking: DEFAULT_CHUNKING,
      maxBytes: 2 ** 30,
      ocrPages: 0,
      ocrTimeMs: 600_000,
      recognizer: null,
    });
    const garbled = tam.warnings.filter((w) => /text layer is unreadable/.test(w));
    expect(garbled.length).toBeGreaterThan(15);
    expect(tam.pages[0]!.text).toMatch(/Working Papers on Information Systems/);
    for (const page of tam.pages) expect(page.text, `page ${page.page}`).not.toMatch(/(?!\n)[\p{Cc}\p{Co}\uFFFD]/u);
    expect(tam.pages[4]!.text).toBe('');
    // Its cover page names the series beside its ISSN and prints how to cite it: "Reference: Chuttur M.Y. (2009)…";
    // the file was made in 2010.
    expect(tam.metadata).toMatchObject({
      venue: 'Working Papers on Information Systems',
      itemType: 'report',
      year: 2009,
    });
  });

  it('makes section-aware passages whose spans point at their text and whose boxes lie on the page', async () => {
    for (const paper of PAPERS) {
      const { pages, passages } = doc(paper);
      expect(passages.length, paper).toBeGreaterThan(5);
      for (const p of passages) {
        expect(p.spans.length, paper).toBeGreaterThan(0);
        expect(p.boxes.length, paper).toBeGreaterThan(0);
        // The passage's words are the words of its spans, in order.
        const spanned = p.spans.map((s) => pages[s.page - 1]!.text.slice(s.start, s.end)).join(' ');
        expect(flat(spanned).replace(/(\p{L})-\s/gu, '$1'), paper).toContain(
          p.text
            .split(' ')
            .slice(0, 5)
            .join(' ')
            .replace(/(\p{L})-\s/gu, '$1'),
        );
        for (const box of p.boxes) {
          const page = pages[box.page - 1]!;
          expect(
            box.x >= -1 && box.y >= -1 && box.x + box.w <= page.width + 1 && box.y + box.h <= page.height + 1,
            `${paper} ${JSON.stringify(box)}`,
          ).toBe(true);
        }
        expect(p.text.split(' ').length).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxWords * 1.25);
      }
      // Consecutive passages of one section overlap; passages never mix sections.
      const body = passages.filter((p) => p.kind === 'body');
      const pairs = body
        .slice(1)
        .map((p, i) => [body[i]!, p] as const)
        .filter(([a, b]) => a.section === b.section);
      for (const [a, b] of pairs)
        expect(b.text.startsWith(a.text.split(' ').slice(-DEFAULT_CHUNKING.overlapWords).join(' ')), paper).toBe(true);
    }
    // The sizes are the library's choice: smaller passages with a smaller overlap when asked.
    const small = await extractPdf(path.join(corpus, 'tb87nemeth.pdf'), {
      chunking: { minWords: 60, maxWords: 100, overlapWords: 10 },
      maxBytes: 2 ** 30,
      ocrPages: 0,
      ocrTimeMs: 600_000,
      recognizer: null,
    });
    const sizes = small.passages.filter((p) => p.kind === 'body').map((p) => p.text.split(' ').length);
    expect(small.passages.length).toBeGreaterThan(doc('tb87nemeth.pdf').passages.length * 2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(125);
    // The words of a known sentence are highlighted on the page where they are.
    const sentence = doc('loudness-meter.pdf').passages.find((p) =>
      p.text.includes('For ITU 5.1 surround the weights'),
    )!;
    expect(sentence.spans.map((s) => s.page)).toContain(3);
  });
});
