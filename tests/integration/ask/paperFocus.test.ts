import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../electron/cli/output.js';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

/** A paper about one system, named in each of its sections, each section a passage of its own. */
const SYSTEM = `# The Quillmaker Indexing System

${['Architecture', 'Storage', 'Compaction', 'Recovery', 'Evaluation', 'Limitations']
  .map(
    (s, i) =>
      `## ${i + 1} ${s}\nQuillmaker keeps an index of journal records; this section describes its ${s.toLowerCase()} and how the index of records is organised for lookups, with measurements of lookup latency on journal records.\n`,
  )
  .join('\n')}`;

/** Two papers that share the words of the general question, never the system's name. */
const OTHERS = Object.fromEntries(
  ['a', 'b'].map((x) => [
    `index-${x}.md`,
    `# Index structures ${x.toUpperCase()}\n\n## 1 Overview\nAn index of journal records speeds up lookups; we describe how the index is organised and measure lookup latency.\n`,
  ]),
);

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary({ 'quillmaker.md': SYSTEM, ...OTHERS });
}, 60_000);
afterAll(() => lib.close());

const search = async (query: string) =>
  unwrap(await lib.core.invoke('ask.search', { query, k: 6 })).map((h) => h.paperId);

describe('the per-paper cap', () => {
  it('holds when neither the question nor its first hits single out a paper', async () => {
    // "speed up" is the other papers' wording: they rank among the first hits.
    const papers = await search('How does an index of journal records speed up lookups?');
    expect(papers.filter((p) => p === lib.paperId('quillmaker.md')).length).toBe(2);
    expect(new Set(papers).size).toBeGreaterThanOrEqual(3);
  });

  it('is lifted when the first three hits all come from one paper', async () => {
    // The system's own wording: its sections rank first although no word of the question is its alone.
    const papers = await search('How is the index of journal records organised for lookups?');
    expect(papers.slice(0, 3)).toEqual(Array(3).fill(lib.paperId('quillmaker.md')));
    expect(papers.filter((p) => p === lib.paperId('quillmaker.md')).length).toBeGreaterThan(2);
  });

  it('is lifted when the question names something only one paper holds', async () => {
    const papers = await search('How does Quillmaker organise the index of journal records for lookups?');
    expect(papers.slice(0, 4)).toEqual(Array(4).fill(lib.paperId('quillmaker.md')));
  });
});
