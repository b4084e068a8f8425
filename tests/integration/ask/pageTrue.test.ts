import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../../../electron/core/ask/citations/sentences.js';
import { verifyAnswer } from '../../../electron/core/ask/citations/verify.js';
import { pageForQuery } from '../../../electron/core/ask/retrieval/hitPage.js';
import { pdfExtractor } from '../../../electron/core/library/extract/pdfExtractor.js';
import { PassageSearch } from '../../../electron/core/library/search/passageSearch.js';
import type { Box, PageSpan } from '../../../electron/core/library/types.js';
import { openTestLibrary, type TestLibrary } from '../../unit/library/harness.js';
import { repoRoot } from '../library/cliProcess.js';

const corpus = path.resolve(repoRoot, '../shared/corpus');
const available = fs.existsSync(corpus);
if (!available) console.warn('Page-true citation tests skipped: ../shared/corpus is not available.');

interface Row {
  id: number;
  paperId: string;
  page: number;
  text: string;
  spans: string;
  boxes: string;
}

describe.skipIf(!available)('a passage running over a page break', () => {
  let lib: TestLibrary;
  let spanning: Row[];
  beforeAll(async () => {
    lib = openTestLibrary({ extractor: (chunking) => pdfExtractor({ chunking }) });
    const { report } = await lib.importAll(['tb87nemeth.pdf', 'loudness-meter.pdf'].map((f) => path.join(corpus, f)));
    expect(report.failed).toEqual([]);
    spanning = (
      lib.db
        .prepare("SELECT id, paper_id AS paperId, page, text, spans, boxes FROM passages WHERE kind = 'body'")
        .all() as Row[]
    ).filter((r) => new Set((JSON.parse(r.spans) as PageSpan[]).map((s) => s.page)).size > 1);
  }, 120_000);
  afterAll(() => lib.close());

  const pageText = (paperId: string, page: number): string =>
    (lib.db.prepare('SELECT text FROM pages WHERE paper_id = ? AND page = ?').get(paperId, page) as { text: string })
      .text;

  it('knows where each page begins in its text', () => {
    expect(spanning.length).toBeGreaterThan(2);
    for (const row of spanning) {
      const spans = JSON.parse(row.spans) as PageSpan[];
      const starts = new PassageSearch(lib.db).pageStarts(row.paperId, spans);
      expect(starts.length).toBeGreaterThan(1);
      // Each page's part of the passage is exactly the words of its spans on that page, in order.
      const pageRuns: { page: number; words: string[] }[] = [];
      for (const span of spans) {
        const words = pageText(row.paperId, span.page).slice(span.start, span.end).split(/\s+/).filter(Boolean);
        if (pageRuns.at(-1)?.page === span.page) pageRuns.at(-1)!.words.push(...words);
        else pageRuns.push({ page: span.page, words });
      }
      expect(starts.map((s) => s.page)).toEqual(pageRuns.map((r) => r.page));
      starts.forEach((s, i) => {
        const part = row.text.slice(s.start, starts[i + 1]?.start ?? row.text.length).trim();
        expect(part, `passage ${row.id} page ${s.page}`).toBe(pageRuns[i]!.words.join(' '));
      });
    }
  });

  it('cites the page its quote is on, highlighted there, and a search hit names the page of the sentence it matched', async () => {
    const row = spanning[0]!;
    const starts = new PassageSearch(lib.db).pageStarts(row.paperId, JSON.parse(row.spans) as PageSpan[]);
    const second = starts[1]!;
    const rest = row.text.slice(second.start, starts[2]?.start ?? row.text.length);
    // A run of whole words lying on the second page only.
    const quote = rest.trim().split(' ').slice(1, 12).join(' ');
    const passage = {
      n: 1,
      passageId: String(row.id),
      paperId: row.paperId,
      title: 'T',
      page: row.page,
      text: row.text,
      boxes: JSON.parse(row.boxes) as Box[],
      pages: starts,
    };
    const [citation] = await verifyAnswer(`“${quote}” [1]`, [passage]);
    expect(citation?.status).toBe('verified');
    expect(row.page).not.toBe(second.page);
    expect(citation?.page).toBe(second.page);
    expect(citation?.highlight.length).toBeGreaterThan(0);
    for (const box of citation!.highlight) expect(box.page).toBe(second.page);
    // Without knowing where the page breaks, the citation would name the passage's first page.
    const [blind] = await verifyAnswer(`“${quote}” [1]`, [{ ...passage, pages: undefined }]);
    expect(blind?.page).toBe(row.page);

    // A search hit names the page of the passage's sentence that matches the query: a sentence wholly on either page.
    const end = starts[2]?.start ?? row.text.length;
    const sentences = splitSentences(row.text).filter((x) => x.text.split(' ').length >= 8);
    const onSecond = sentences.find((x) => x.start >= second.start && x.end <= end);
    const onFirst = sentences.find((x) => x.end <= second.start);
    expect([onSecond !== undefined, onFirst !== undefined]).toEqual([true, true]);
    expect(pageForQuery(onSecond!.text, passage)).toBe(second.page);
    expect(pageForQuery(onFirst!.text, passage)).toBe(row.page);
  });
});
