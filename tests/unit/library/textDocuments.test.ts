import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../electron/core/library/extract/textChunker.js';
import { sectionKind, textDocument } from '../../../electron/core/library/extract/textDocuments.js';
import { DEFAULT_CHUNKING } from '../../../electron/core/library/types.js';

const sentence = (i: number, words = 12): string =>
  `Sentence ${i} ${Array.from({ length: words - 3 }, (_, w) => `w${i}x${w}`).join(' ')} end.`;

describe('passages of documents without pages', () => {
  it('packs whole sentences into 200–350 words, overlapping by 30, never across a section', () => {
    const body = Array.from({ length: 100 }, (_, i) => sentence(i)).join(' ');
    const passages = chunkText(
      [
        { heading: 'Methods', kind: 'body', text: body },
        { heading: 'References', kind: 'references', text: 'Doe J. A study. 1999.' },
      ],
      DEFAULT_CHUNKING,
    );
    const methods = passages.filter((p) => p.section === 'Methods');
    const sizes = methods.map((p) => p.text.split(' ').length);
    for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(200);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(350 * 1.25);
    // Every passage after the first starts with the last 30 words of the one before.
    for (let i = 1; i < methods.length; i++)
      expect(methods[i]!.text.startsWith(methods[i - 1]!.text.split(' ').slice(-30).join(' '))).toBe(true);
    // Every sentence is kept, in order.
    expect(methods.map((p, i) => (i === 0 ? p.text : p.text.split(' ').slice(30).join(' '))).join(' ')).toBe(body);
    expect(passages.at(-1)).toMatchObject({
      section: 'References',
      kind: 'references',
      text: 'Doe J. A study. 1999.',
      spans: [],
      boxes: [],
    });
  });

  it('keeps a file of one short line as its title and its one passage', () => {
    const doc = textDocument('Remember to check the calibration of the loudness meter.\n', 'text', DEFAULT_CHUNKING);
    expect(doc.metadata.title).toBe('Remember to check the calibration of the loudness meter.');
    expect(doc.passages.map((p) => p.text)).toEqual(['Remember to check the calibration of the loudness meter.']);
    expect(textDocument('# Only a heading\n', 'markdown', DEFAULT_CHUNKING).passages).toHaveLength(1);
  });

  it('finds the title and sections of Markdown and plain text', () => {
    const md = textDocument(
      '# Title here\n\nIntro words.\n\n## 2. Related Work\n\nOthers did it.\n\n## Appendix A: Proofs\n\nQ.E.D.\n',
      'markdown',
      DEFAULT_CHUNKING,
    );
    expect(md.metadata.title).toBe('Title here');
    expect(md.passages.map((p) => [p.section, p.kind])).toEqual([
      ['', 'body'],
      ['2. Related Work', 'body'],
      ['Appendix A: Proofs', 'appendix'],
    ]);
    const txt = textDocument(
      'A plain title\n\nAbstract\nWe study things.\n\nREFERENCES\n[1] Someone.\n',
      'text',
      DEFAULT_CHUNKING,
    );
    expect(txt.metadata.title).toBe('A plain title');
    expect(txt.passages.map((p) => p.kind)).toEqual(['abstract', 'references']);
    expect(['7 References', 'Bibliography', 'Abstract', 'Appendices', '3.1 Results'].map(sectionKind)).toEqual([
      'references',
      'references',
      'abstract',
      'appendix',
      'body',
    ]);
  });
});
