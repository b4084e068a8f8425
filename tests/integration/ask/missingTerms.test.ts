import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTerms } from '../../../electron/core/ask/retrieval/relevance.js';
import { openAskLibrary, type AskLibrary } from './askLibrary.js';

let lib: AskLibrary;
beforeAll(async () => {
  lib = await openAskLibrary();
}, 60_000);
afterAll(() => lib.close());

describe('saying what the library lacks', () => {
  it('declines a question about a paper when what it names is in no passage of the library', async () => {
    // On topic (trace trees, benchmarks, speedups), but the benchmark it names is nowhere in the library.
    const { answer } = await lib.ask({
      question: 'What speedup does the trace tree compiler reach on the Kraken benchmarks over the interpreter?',
      modelId: null,
    });
    expect(answer.mode).toBe('abstained');
    expect(answer.answer).toContain('no passage in it mentions “Kraken”');
    expect(answer.citations).toEqual([]);
  });

  it('declines, saying so, when what it names is in the library but in no passage found', async () => {
    const { answer } = await lib.ask({
      question: 'How does the trace recorder compile hot loops, compared with how Berkeley DB logs transactions?',
      modelId: null,
      scope: { paperIds: [lib.paperId('trace-trees.md')] },
    });
    expect(answer.mode).toBe('abstained');
    expect(answer.answer).toContain(
      'The passages found for this question do not mention “Berkeley” or “DB”, so they do not answer it; other passages of the library do.',
    );
    expect(answer.citations).toEqual([]);
  });

  it('answers without a note when every name it holds is found', async () => {
    const { answer } = await lib.ask({
      question: 'How does Berkeley DB choose which transaction a deadlock detector aborts?',
      modelId: null,
    });
    expect(answer.mode).toBe('extractive');
    expect(answer.notes).toEqual([]);
  });
});

describe('names a passage must hold', () => {
  const has = (word: string): boolean => ['jss', 'rcpp', 'kraken'].includes(word.toLowerCase());
  const passage = { title: 'Rcpp: Seamless R and C++ Integration', text: 'Rcpp maps R objects to C++ classes.' };

  it('counts a word of the paper’s file name as found: a reader may name a paper by its file', () => {
    const question = 'What does the Rcpp JSS paper say about wrap and as?';
    expect(missingTerms(question, [passage], { has })).toEqual({ absent: [], unretrieved: ['JSS'] });
    expect(missingTerms(question, [passage], { has }, () => ['Rcpp-jss-2011.pdf'])).toEqual({
      absent: [],
      unretrieved: [],
    });
  });

  it('tells names the library holds elsewhere from names it holds nowhere', () => {
    expect(missingTerms('How fast is Rcpp on Kraken and on Octane?', [passage], { has })).toEqual({
      absent: ['Octane'],
      unretrieved: ['Kraken'],
    });
  });
});
