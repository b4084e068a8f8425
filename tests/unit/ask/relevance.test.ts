import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverage, isRelevant, unknownShare, type Vocabulary } from '../../../electron/core/ask/retrieval/relevance.js';
import { Retriever } from '../../../electron/core/ask/retrieval/retriever.js';
import { openLibraryDatabase } from '../../../electron/core/db/database.js';
import { PassageSearch } from '../../../electron/core/library/search/passageSearch.js';
import { tempDir } from '../../helpers/tempLibrary.js';

// Real passages, as the corpus import cuts them (texts shortened).
const s2orcReferences = {
  title: 'S2ORC: The Semantic Scholar Open Research Corpus',
  text:
    'C. L. Giles, K. D. Bollacker, and S. Lawrence. 1998. Citeseer: an automatic citation indexing system. In Proceedings of the ACM International Conference on Digital Libraries, pages 89–98. ACM. ' +
    'Qi He, Jian Pei, Daniel Kifer, Prasenjit Mitra, and Lee Giles. 2010. Context-aware citation recommendation. In Proceedings of the 19th International Conference on World Wide Web, WWW ’10, page 421–430.',
};
const alqalamPage3 = {
  title: 'AlQalam for typesetting traditional Arabic texts∗',
  text:
    'Due to its various attractive features, Ω was the first choice to achieve our goal. However, the result of our early experiments with the available Arabic font provided with Ω and with the system itself were not satisfactory. ' +
    'Ω in its current state does not easily lend itself to the layered approach described earlier. Lagally in ArabTEX [6] preferred to stay within the stable TEX standard and perform all the necessary processing with TEX macros. ' +
    'As a start, AlQalam grows out of modifications to ArabTEX [5, 6].',
};
// A SciFact test claim and the abstract that supports it.
const podocyteClaim = 'Podocytes are motile and migrate in the presence of injury.';
const podocyteAbstract = {
  title:
    'Tracking the fate of glomerular epithelial cells in vivo using serial multiphoton imaging in novel mouse models with fluorescent lineage tags',
  text:
    'Here we report the development of serial multiphoton microscopy (MPM) of the same glomeruli over several days to visualize the motility of podocytes and parietal epithelial cells (PECs) in vivo. ' +
    'In podocin-GFP mice, podocytes formed sporadic multicellular clusters after unilateral ureteral ligation and migrated into the parietal Bowman’s capsule. ' +
    'Future application of this new approach should advance our understanding of the mechanisms of glomerular injury and regeneration.',
};

// Real library databases with these passages in their full-text index (stemmed as Ask searches): a small
// one, and one grown past the size where the unknown-words check applies with the first SciFact abstracts.
const SCIFACT = path.resolve(import.meta.dirname, '../../../../shared/datasets/scifact/corpus.jsonl');
function library(extra: number): { vocabulary: Vocabulary; close: () => void } {
  const { db, close } = openLibraryDatabase(tempDir());
  const insert = db.prepare(
    'INSERT INTO passages (paper_id, ordinal, kind, section, text, spans, boxes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const abstracts = fs
    .readFileSync(SCIFACT, 'utf8')
    .split('\n')
    .slice(0, extra)
    .map((line) => JSON.parse(line) as { title: string; text: string });
  [s2orcReferences, alqalamPage3, podocyteAbstract, ...abstracts].forEach((p, i) => {
    db.prepare(
      `INSERT INTO papers (id, title, title_key, format, added_at, updated_at) VALUES (?, ?, '', 'text', '', '')`,
    ).run(`p${i}`, p.title);
    insert.run(`p${i}`, 0, 'body', '', p.text, '[]', '[]');
  });
  return {
    vocabulary: new Retriever(new PassageSearch(db), { embedder: () => null, reranker: () => null }).vocabulary,
    close,
  };
}
const small = library(0);
const large = library(500);
afterAll(() => {
  small.close();
  large.close();
});
const known = (word: string): boolean => large.vocabulary.has(word);

describe('relevance gate', () => {
  it('rejects an off-topic question whose common words happen to meet in a passage, because the library lacks its other words', () => {
    const question = 'Who won the 1998 World Cup?';
    const passages = [{ ...s2orcReferences, similarity: null }];
    // "world" and "1998" are half of its content words: words alone let it through…
    expect(coverage(question, s2orcReferences)).toEqual({ matched: 2, total: 4 });
    expect(isRelevant(question, passages)).toBe(true);
    // …but "won" and "cup" occur nowhere in the library.
    expect(unknownShare(question, known)).toBe(0.5);
    expect(isRelevant(question, passages, large.vocabulary)).toBe(false);
    // Unknown words veto word overlap only, not a passage the embedder finds close in meaning…
    expect(isRelevant(question, [{ ...s2orcReferences, similarity: 0.55 }], large.vocabulary)).toBe(true);
    // …and only in a library large enough for a missing word to mean something.
    expect(small.vocabulary.atLeast(500)).toBe(false);
    expect(isRelevant(question, passages, small.vocabulary)).toBe(true);
  });

  it('keeps a question when the library knows its words, in any inflection', () => {
    // "motile"/"motility" and "migrate"/"migrated" meet under full-text stemming; "presence" is the one word missing.
    expect(unknownShare(podocyteClaim, known)).toBe(0);
    expect(unknownShare(podocyteClaim, (w) => small.vocabulary.has(w))).toBe(1 / 5);
    expect(isRelevant(podocyteClaim, [{ ...podocyteAbstract, similarity: 0.49 }], large.vocabulary)).toBe(true);
  });

  it('accepts a passage with 40 % of the words when three of them match (full text only) but not with two', () => {
    const question = 'Why did the AlQalam project give up on Omega and start from ArabTeX instead?';
    expect(coverage(question, alqalamPage3)).toEqual({ matched: 3, total: 7 });
    expect(isRelevant(question, [{ ...alqalamPage3, similarity: null }])).toBe(true);
    expect(coverage(podocyteClaim, podocyteAbstract)).toEqual({ matched: 2, total: 5 });
    expect(isRelevant(podocyteClaim, [{ ...podocyteAbstract, similarity: null }])).toBe(false);
  });

  it('with an embedder, accepts 40 % of the words only when the passage is also close in meaning', () => {
    // 0.49: MiniLM's cosine for this claim and abstract, measured by npm run eval:abstention.
    expect(isRelevant(podocyteClaim, [{ ...podocyteAbstract, similarity: 0.49 }])).toBe(true);
    expect(isRelevant(podocyteClaim, [{ ...podocyteAbstract, similarity: 0.2 }])).toBe(false);
    // The full-text allowance does not apply once the embedder has scored the passages.
    expect(
      isRelevant('Why did the AlQalam project give up on Omega and start from ArabTeX instead?', [
        { ...alqalamPage3, similarity: 0.2 },
      ]),
    ).toBe(false);
    expect(isRelevant(podocyteClaim, [{ ...s2orcReferences, similarity: 0.55 }])).toBe(true);
  });
});
