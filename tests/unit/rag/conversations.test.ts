import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../electron/contract/ops/ask.js';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import { ConversationStore } from '../../../electron/core/ask/conversations/conversationStore.js';
import {
  conversationBibtex,
  conversationMarkdown,
} from '../../../electron/core/ask/conversations/exportConversation.js';
import type { PaperReference } from '../../../electron/core/library/store/paperQueries.js';
import { tempDir } from '../../helpers/tempLibrary.js';

function answer(conversationId: string, turnId: string, question: string, text: string): Answer {
  const passage = (n: number, paperId: string, title: string, page: number) => ({
    n,
    passageId: `${paperId}-${page}`,
    paperId,
    title,
    year: 2009,
    page,
    section: 'Body',
    text: 'Trace trees record hot loops.',
    score: 1,
    boxes: [],
  });
  return {
    turnId,
    conversationId,
    question,
    standaloneQuery: question,
    answer: text,
    mode: 'generated',
    citations: [
      {
        n: 1,
        passageId: 'tm-3',
        paperId: 'tm',
        title: 'Trace-based JIT',
        page: 3,
        quote: 'x',
        status: 'verified',
        sentence: 'Loops are traced [1].',
        sentenceStart: 0,
        sentenceEnd: 21,
        quoteStart: 0,
        quoteEnd: 1,
        highlight: [],
        support: 1,
      },
      {
        n: 2,
        passageId: 'bdb-1',
        paperId: 'bdb',
        title: 'Berkeley DB',
        page: 1,
        quote: '',
        status: 'unsupported',
        sentence: 'It is fast [2].',
        sentenceStart: 22,
        sentenceEnd: 37,
        quoteStart: null,
        quoteEnd: null,
        highlight: [],
        support: 0.1,
      },
    ],
    passages: [passage(1, 'tm', 'Trace-based JIT', 3), passage(2, 'bdb', 'Berkeley DB', 1)],
    model: { id: 'm1', name: 'Gemma 3 270M' },
    adapters: [{ id: 'a1', name: 'physics-lora', scale: 0.5 }],
    stopReason: 'eos',
    createdAt: '2026-11-24T10:00:00.000Z',
    timings: { retrievalMs: 3, firstTokenMs: 50, totalMs: 400 },
    notes: [],
    markedGood: false,
  };
}

const papers: Record<string, PaperReference> = {
  tm: {
    paperId: 'tm',
    title: 'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
    authors: ['Andreas Gal', 'Brendan Eich'],
    year: 2009,
    venue: 'PLDI’09',
    itemType: 'conference-paper',
    doi: '10.1145/1542476.1542528',
  },
  bdb: {
    paperId: 'bdb',
    title: 'Berkeley DB',
    authors: ['Michael A. Olson'],
    year: 1999,
    venue: null,
    itemType: null,
    doi: null,
  },
  rcpp: {
    paperId: 'rcpp',
    title: 'Rcpp: Seamless R and C++ Integration',
    authors: ['Dirk Eddelbuettel', 'Romain François'],
    year: 2011,
    venue: 'Journal of Statistical Software',
    itemType: 'journal-article',
    doi: null,
  },
};

describe('conversations', () => {
  it('stores turns in order, lists, reopens and deletes', () => {
    const lib = openLibraryDatabase(tempDir());
    const store = new ConversationStore(lib.db, () => new Set());
    const id = store.ensure(undefined, 'How does TraceMonkey find hot loops?');
    store.append(answer(id, 't1', 'How does TraceMonkey find hot loops?', 'Loops are traced [1]. It is fast [2].'));
    store.append(answer(id, 't2', 'And then?', 'They are compiled [1].'));
    expect(store.list()).toEqual([
      {
        conversationId: id,
        title: 'How does TraceMonkey find hot loops?',
        turns: 2,
        updatedAt: '2026-11-24T10:00:00.000Z',
      },
    ]);
    const got = store.get(id);
    expect(got.turns.map((t) => t.question)).toEqual(['How does TraceMonkey find hot loops?', 'And then?']);
    expect(got.turns[0]!.adapters).toEqual([{ id: 'a1', name: 'physics-lora', scale: 0.5 }]);
    expect(store.history(id)[1]).toEqual({ question: 'And then?', answer: 'They are compiled [1].' });
    expect(() => store.ensure('missing', 'q')).toThrow('No conversation with id missing.');
    expect(store.delete(id)).toBe(true);
    expect(store.list()).toEqual([]);
    expect(lib.db.prepare('SELECT COUNT(*) n FROM turns').get()).toEqual({ n: 0 });
    lib.close();
  });

  it('exports Markdown with one reference list and flags unsupported claims', () => {
    const turns = [
      answer('c', 't1', 'How?', 'Loops are traced [1]. It is fast [2].'),
      answer('c', 't2', 'Then?', 'Compiled [1, 2].'),
    ];
    const md = conversationMarkdown('Tracing', turns, (id) => papers[id] ?? null);
    expect(md).toContain('## How?\n\nLoops are traced [1]. It is fast [2].');
    expect(md).toContain('## Then?\n\nCompiled [1, 2].');
    expect(md).toContain('> Note: “It is fast [2].” (not supported by the cited passage).');
    expect(md).toContain('1. Andreas Gal, Brendan Eich. *Trace-based JIT* (2009), p. 3. doi:10.1145/1542476.1542528');
    expect(md).toContain('*Model: Gemma 3 270M + physics-lora ×0.5 · 2026-11-24T10:00:00.000Z*');
  });

  it('ends an author list with one full stop, and marks an answer that was stopped or cut short', () => {
    const many: PaperReference = {
      ...papers.tm!,
      authors: ['Andreas Gal', 'Brendan Eich', 'Mike Shaver', 'David Anderson'],
    };
    const initial: PaperReference = { ...papers.bdb!, authors: ['Olson, M. A.'] };
    const stopped = { ...answer('c', 't1', 'How?', 'Loops are traced [1]. It is fast [2].'), stopReason: 'aborted' };
    const cut = { ...answer('c', 't2', 'Then?', 'Compiled [1].'), stopReason: 'maxTokens' };
    const md = conversationMarkdown('Tracing', [stopped, cut], (id) => (id === 'tm' ? many : initial));
    expect(md).toContain('1. Andreas Gal, Brendan Eich, Mike Shaver et al. *Trace-based JIT* (2009), p. 3.');
    expect(md).toContain('2. Olson, M. A. *Berkeley DB* (2009), p. 1\n');
    expect(md).not.toContain('..');
    expect(md).toContain(
      '## How?\n\nLoops are traced [1]. It is fast [2].\n\n> *Incomplete: the answer was stopped before it finished.*',
    );
    expect(md).toContain('## Then?\n\nCompiled [1].\n\n> *Incomplete: the answer reached its length limit.*');
    expect(conversationMarkdown('Tracing', [answer('c', 't1', 'How?', 'x')], () => null)).not.toContain('Incomplete');
  });

  it('exports BibTeX for the cited papers only, each entry of its item type with its venue', () => {
    const bib = conversationBibtex([answer('c', 't1', 'How?', 'x')], (id) => papers[id] ?? null);
    // A conference paper is @inproceedings with its booktitle; a paper of unknown kind @misc (@article needs a journal).
    expect(bib).toContain('@inproceedings{gal2009trace,\n  title = {Trace-based');
    expect(bib).toContain('author = {Andreas Gal and Brendan Eich}');
    expect(bib).toContain('booktitle = {PLDI’09}');
    expect(bib).toContain('doi = {10.1145/1542476.1542528}');
    expect(bib).toContain('@misc{olson1999berkeley,');
    expect(bib).not.toContain('rcpp');
    const rcpp = answer('c', 't2', 'How?', 'x');
    rcpp.citations = [{ ...rcpp.citations[0]!, paperId: 'rcpp' }];
    expect(conversationBibtex([rcpp], (id) => papers[id] ?? null)).toBe(
      '@article{eddelbuettel2011rcpp,\n  title = {Rcpp: Seamless R and C++ Integration},\n  author = {Dirk Eddelbuettel and Romain François},\n  journal = {Journal of Statistical Software},\n  year = {2011}\n}',
    );
  });
});
