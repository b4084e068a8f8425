import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bibNames, bibtexRecords, parseBibtex } from '../../../electron/core/library/metadata/bibtex.js';
import { cslRecords } from '../../../electron/core/library/metadata/cslJson.js';
import { latexToUnicode } from '../../../electron/core/library/metadata/latex.js';
import { normalizeDoi, titleKey } from '../../../electron/core/library/normalize.js';
import { zoteroRecords } from '../../../electron/core/library/metadata/zotero.js';
import { zoteroApiRecords } from '../../../electron/core/library/metadata/zoteroApi.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { writeFakePdf } from './documents.js';
import { openTestLibrary, type TestLibrary } from './harness.js';

let open: TestLibrary[] = [];
afterEach(async () => {
  const closing = open;
  open = [];
  for (const lib of closing) await lib.close();
});

const BIB = String.raw`
% A comment line outside entries
@string{jss = "Journal of Statistical Software"}
@article{eddelbuettel2011rcpp,
  title   = {{Rcpp}: Seamless {R} and {C++} Integration},
  author  = {Eddelbuettel, Dirk and Fran{\c{c}}ois, Romain},
  journal = jss,
  year    = 2011,
  volume  = "40",
  doi     = {10.18637/jss.v040.i08},
}
@inproceedings{gal2009trace,
  title = "Trace-based Just-in-Time Type Specialization for Dynamic Languages",
  author = "Andreas Gal and Brendan Eich and Mike Shaver and others",
  booktitle = "PLDI" # " 2009",
  year = {2009}, month = jun,
  abstract = {Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.}
}
@article{broken,
  title = {An unclosed entry,
@misc{muller2020, title = {Stra{\ss}e und M{\"u}ller --- a study of \emph{na\"ive} methods}, author = {M{\"u}ller, J{\"o}rg and {World Health Organization}}, year = {2020}}
`;

describe('BibTeX', () => {
  it('reads entries, macros, concatenation and LaTeX, and reports a broken entry by line', () => {
    const { entries, warnings } = parseBibtex(BIB);
    expect(entries.map((e) => e.key)).toEqual(['eddelbuettel2011rcpp', 'gal2009trace', 'muller2020']);
    expect(entries[0]!.fields.journal).toBe('Journal of Statistical Software');
    expect(entries[1]!.fields.booktitle).toBe('PLDI 2009');
    expect(entries[1]!.fields.month).toBe('June');
    expect(warnings).toEqual([expect.stringMatching(/^Entry at line 19 could not be read/)]);

    const { records } = bibtexRecords(BIB);
    expect(records[0]).toMatchObject({
      title: 'Rcpp: Seamless R and C++ Integration',
      authors: ['Dirk Eddelbuettel', 'Romain François'],
      year: 2011,
      venue: 'Journal of Statistical Software',
      itemType: 'journal-article',
      doi: '10.18637/jss.v040.i08',
    });
    expect(records[1]).toMatchObject({
      authors: ['Andreas Gal', 'Brendan Eich', 'Mike Shaver'],
      year: 2009,
      venue: 'PLDI 2009',
      itemType: 'conference-paper',
      abstract: expect.stringMatching(/^Dynamic languages/),
    });
    expect(records[2]).toMatchObject({
      title: 'Straße und Müller — a study of naïve methods',
      authors: ['Jörg Müller', 'World Health Organization'],
    });
  });

  it('turns LaTeX into Unicode and splits names the BibTeX way', () => {
    expect(latexToUnicode(String.raw`Erd{\H{o}}s and {\'E}mile \& Ho\v{s}ek -- 50\% in $O(n)$`)).toBe(
      'Erdős and Émile & Hošek – 50% in O(n)',
    );
    expect(bibNames('van der Berg, Jan and Smith, Jr., John and Ada Lovelace')).toEqual([
      'Jan van der Berg',
      'John Smith, Jr.',
      'Ada Lovelace',
    ]);
    expect(normalizeDoi('https://doi.org/10.1145/1542476.1542528.')).toBe('10.1145/1542476.1542528');
    expect(titleKey('Rcpp: Seamless {R} and C++ Integration')).toBe(titleKey('RCPP — seamless R and C++ integration'));
  });
});

describe('CSL-JSON', () => {
  it('reads names, issued dates and DOIs, and explains a file that is not JSON', () => {
    const { records, warnings } = cslRecords(
      JSON.stringify([
        {
          id: 'a',
          title: 'Fitting Linear Mixed-Effects Models Using lme4',
          author: [{ family: 'Bates', given: 'Douglas' }, { literal: 'R Core Team' }],
          issued: { 'date-parts': [[2015, 10]] },
          DOI: '10.18637/jss.v067.i01',
          type: 'article-journal',
          'container-title': 'Journal of Statistical Software',
        },
        { id: 'b', title: 'No date', issued: { raw: 'Spring 2003' }, type: 'report', publisher: 'Sleepycat Software' },
        42,
      ]),
    );
    expect(records[0]).toMatchObject({
      key: 'a',
      authors: ['Douglas Bates', 'R Core Team'],
      year: 2015,
      venue: 'Journal of Statistical Software',
      itemType: 'journal-article',
      doi: '10.18637/jss.v067.i01',
    });
    expect(records[1]).toMatchObject({
      key: 'b',
      year: 2003,
      doi: null,
      venue: 'Sleepycat Software',
      itemType: 'report',
    });
    expect(warnings).toEqual(['Item 3 is not a JSON object; it was left out.']);
    expect(() => cslRecords('{oops')).toThrow(/not valid JSON/);
  });
});

/** A small library in Zotero's own schema (the tables and columns Zotero 6/7 use), with one stored PDF. */
function makeZotero(pdfSpec: Parameters<typeof writeFakePdf>[1]): { dir: string; pdf: string } {
  const dir = tempDir('zotero-');
  const db = new Database(path.join(dir, 'zotero.sqlite'));
  db.exec(`
    CREATE TABLE itemTypes (itemTypeID INTEGER PRIMARY KEY, typeName TEXT);
    CREATE TABLE itemTypesCombined (itemTypeID INTEGER PRIMARY KEY, typeName TEXT);
    CREATE TABLE fields (fieldID INTEGER PRIMARY KEY, fieldName TEXT);
    CREATE TABLE fieldsCombined (fieldID INTEGER PRIMARY KEY, fieldName TEXT);
    CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT, dateAdded TEXT, libraryID INT, key TEXT);
    CREATE TABLE itemData (itemID INT, fieldID INT, valueID INT, PRIMARY KEY (itemID, fieldID));
    CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value);
    CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT, fieldMode INT);
    CREATE TABLE creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
    CREATE TABLE itemCreators (itemID INT, creatorID INT, creatorTypeID INT, orderIndex INT);
    CREATE TABLE collections (collectionID INTEGER PRIMARY KEY, collectionName TEXT, parentCollectionID INT, libraryID INT, key TEXT);
    CREATE TABLE collectionItems (collectionID INT, itemID INT, orderIndex INT);
    CREATE TABLE itemAttachments (itemID INTEGER PRIMARY KEY, parentItemID INT, linkMode INT, contentType TEXT, path TEXT);
    CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY);
    INSERT INTO itemTypesCombined VALUES (1, 'journalArticle'), (2, 'attachment'), (3, 'note'), (4, 'conferencePaper');
    INSERT INTO fieldsCombined VALUES (1, 'title'), (2, 'date'), (3, 'DOI'), (4, 'abstractNote'), (5, 'extra'), (6, 'proceedingsTitle');
    INSERT INTO creatorTypes VALUES (1, 'author'), (2, 'editor');
    INSERT INTO items VALUES (1, 4, '', 1, 'ITEMAAAA'), (2, 2, '', 1, 'ATTACHBB'), (3, 1, '', 1, 'ITEMCCCC'), (4, 1, '', 1, 'GONEDDDD'), (5, 3, '', 1, 'NOTEEEEE');
    INSERT INTO itemDataValues VALUES (1, 'Device trees everywhere'), (2, '2008-00-00 2008'), (3, 'Loudness measurement according to EBU R-128'),
      (4, '2011-05-00 May 2011'), (5, 'DOI: 10.5555/loud.2011'), (6, 'Deleted item'), (7, 'We describe a meter.'), (8, 'Proceedings of the Linux Symposium');
    INSERT INTO itemData VALUES (1, 1, 1), (1, 2, 2), (1, 6, 8), (3, 1, 3), (3, 2, 4), (3, 5, 5), (3, 4, 7), (4, 1, 6);
    INSERT INTO creators VALUES (1, 'David', 'Gibson', 0), (2, 'Benjamin', 'Herrenschmidt', 0), (3, NULL, 'EBU Technical', 1), (4, 'Ed', 'Itor', 0);
    INSERT INTO itemCreators VALUES (1, 1, 1, 0), (1, 2, 1, 1), (1, 4, 2, 2), (3, 3, 1, 0);
    INSERT INTO collections VALUES (10, 'Systems', NULL, 1, 'COLLSYS1'), (11, 'Firmware', 10, 1, 'COLLFW01');
    INSERT INTO collectionItems VALUES (11, 1, 0), (10, 3, 0);
    INSERT INTO itemAttachments VALUES (2, 1, 0, 'application/pdf', 'storage:dtc-paper.pdf');
    INSERT INTO deletedItems VALUES (4);
  `);
  db.close();
  const pdf = path.join(dir, 'storage', 'ATTACHBB', 'dtc-paper.pdf');
  fs.mkdirSync(path.dirname(pdf), { recursive: true });
  writeFakePdf(pdf, pdfSpec);
  return { dir, pdf };
}

describe('Zotero', () => {
  it('reads items, creators, nested collections and storage attachments from a copy, leaving deleted items out', () => {
    const { dir, pdf } = makeZotero({ title: 'Device trees everywhere' });
    const before = fs.readFileSync(path.join(dir, 'zotero.sqlite'));
    const { records } = zoteroRecords(dir);
    expect(records.map((r) => r.key)).toEqual(['ITEMAAAA', 'ITEMCCCC']);
    expect(records[0]).toMatchObject({
      title: 'Device trees everywhere',
      authors: ['David Gibson', 'Benjamin Herrenschmidt'],
      year: 2008,
      venue: 'Proceedings of the Linux Symposium',
      itemType: 'conference-paper',
      collections: [{ origin: 'zotero:COLLFW01', name: 'Systems › Firmware' }],
      attachments: [pdf],
    });
    expect(records[1]).toMatchObject({
      authors: ['EBU Technical'],
      year: 2011,
      doi: '10.5555/loud.2011',
      abstract: 'We describe a meter.',
    });
    expect(fs.readFileSync(path.join(dir, 'zotero.sqlite')).equals(before)).toBe(true);
    expect(() => zoteroRecords(tempDir())).toThrow(/not a Zotero data folder/);
  });
});

describe('Zotero local API', () => {
  it('reads items, nested collections and PDF attachments page by page from 127.0.0.1, and says how to enable it when Zotero is not running', async () => {
    const pdf = path.join(tempDir(), 'paper.pdf');
    const items = [
      ...Array.from({ length: 120 }, (_, i) => ({ key: `N${i}`, data: { itemType: 'note' } })),
      {
        key: 'ITEM1',
        data: {
          itemType: 'journalArticle',
          title: 'Rcpp',
          creators: [
            { creatorType: 'author', firstName: 'Dirk', lastName: 'Eddelbuettel' },
            { creatorType: 'editor', name: 'Ed' },
          ],
          date: '2011-04-13',
          publicationTitle: 'Journal of Statistical Software',
          extra: 'DOI: 10.18637/jss.v040.i08',
          collections: ['C2'],
        },
      },
      {
        key: 'ATT1',
        data: { itemType: 'attachment', parentItem: 'ITEM1', contentType: 'application/pdf' },
        links: { enclosure: { href: pathToFileURL(pdf).href } },
      },
    ];
    const collections = [
      { key: 'C1', data: { name: 'R', parentCollection: false } },
      { key: 'C2', data: { name: 'C++', parentCollection: 'C1' } },
    ];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      const all = url.pathname.endsWith('/items') ? items : url.pathname.endsWith('/collections') ? collections : null;
      if (all === null) return void res.writeHead(404).end();
      const start = Number(url.searchParams.get('start'));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(all.slice(start, start + Number(url.searchParams.get('limit')))));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/users/0`;
      const { records } = await zoteroApiRecords(base);
      expect(records).toEqual([
        {
          key: 'ITEM1',
          title: 'Rcpp',
          authors: ['Dirk Eddelbuettel'],
          year: 2011,
          venue: 'Journal of Statistical Software',
          itemType: 'journal-article',
          doi: '10.18637/jss.v040.i08',
          abstract: null,
          collections: [{ origin: 'zotero:C2', name: 'R › C++' }],
          attachments: [pdf],
        },
      ]);
    } finally {
      server.close();
    }
    await expect(zoteroApiRecords('http://127.0.0.1:9/api/users/0')).rejects.toThrow(
      /Zotero is not running, or its local API is off/,
    );
    await expect(zoteroApiRecords('http://example.org/api/users/0')).rejects.toThrow(/only read on this computer/);
  });
});

describe('metadata import into the library', () => {
  it('matches by DOI then title, never overwrites what the user edited, and attaches Zotero collections', async () => {
    const lib = openTestLibrary();
    open.push(lib);
    const dir = tempDir();
    writeFakePdf(path.join(dir, 'rcpp.pdf'), { title: 'Rcpp : seamless R and C++ integration', doi: null, year: 2010 });
    writeFakePdf(path.join(dir, 'trace.pdf'), { title: 'Paper Title (use style', doi: '10.1145/1542476.1542528' });
    await lib.importAll([dir]);
    const byFile = (name: string): string => lib.library.queries.list().find((p) => p.file.endsWith(name))!.paperId;
    lib.library.updateMetadata(byFile('rcpp.pdf'), { year: 2011, authors: ['D. Eddelbuettel'] });

    const bib = path.join(dir, 'refs.bib');
    fs.writeFileSync(
      bib,
      BIB.replace('@inproceedings{gal2009trace,', '@inproceedings{gal2009trace, doi = {10.1145/1542476.1542528},'),
    );
    const result = lib.library.importMetadata(bib);
    expect(result.source).toBe('bibtex');
    expect(result.matched.map((m) => [m.paperId, m.by]).sort()).toEqual(
      [
        [byFile('rcpp.pdf'), 'title'],
        [byFile('trace.pdf'), 'doi'],
      ].sort(),
    );
    expect(result.unmatched.map((u) => u.key)).toEqual(['muller2020']);
    const rcpp = lib.library.paper(byFile('rcpp.pdf'));
    expect(rcpp).toMatchObject({
      title: 'Rcpp: Seamless R and C++ Integration',
      year: 2011,
      authors: ['D. Eddelbuettel'],
      doi: '10.18637/jss.v040.i08',
    });
    expect(rcpp.metadataSources).toMatchObject({ title: 'bibtex', year: 'user', authors: 'user', doi: 'bibtex' });
    expect(lib.library.paper(byFile('trace.pdf')).title).toBe(
      'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
    );

    // A Zotero library whose item is matched through its stored PDF, once that PDF is imported.
    const zotero = makeZotero({ title: 'dtc-paper' });
    const firstPass = lib.library.importMetadata(zotero.dir);
    expect(firstPass.attachments).toEqual([zotero.pdf]);
    await lib.importAll(firstPass.attachments);
    const secondPass = lib.library.importMetadata(zotero.dir);
    const dtc = secondPass.matched.find((m) => m.by === 'file')!;
    expect(lib.library.paper(dtc.paperId)).toMatchObject({
      title: 'Device trees everywhere',
      authors: ['David Gibson', 'Benjamin Herrenschmidt'],
      year: 2008,
    });
    expect(secondPass.collections.map((c) => [c.name, c.paperCount])).toEqual([['Systems › Firmware', 1]]);
    expect(lib.library.queries.list(secondPass.collections[0]!.collectionId).map((p) => p.paperId)).toEqual([
      dtc.paperId,
    ]);
    // Importing again changes nothing and makes no second collection.
    const thirdPass = lib.library.importMetadata(zotero.dir);
    expect(thirdPass.matched.every((m) => m.fields.length === 0)).toBe(true);
    expect(lib.library.collections.list()).toHaveLength(1);
  });
});
