import { describe, expect, it } from 'vitest';
import { paperIdOfLibraryUrl } from '../../../electron/main/navigationPolicy.js';

describe('scholium://library/papers/<id>.pdf', () => {
  it('names a paper id and nothing else', () => {
    expect(paperIdOfLibraryUrl(new URL('scholium://library/papers/3f2a-b1.pdf'))).toBe('3f2a-b1');
    expect(paperIdOfLibraryUrl(new URL('scholium://library/papers/a%20b.pdf'))).toBe('a b');
    expect(paperIdOfLibraryUrl(new URL('scholium://library/papers/..%2F..%2Fetc%2Fpasswd.pdf'))).toBe(
      '../../etc/passwd',
    );
    for (const raw of [
      'scholium://library/papers/a/b.pdf',
      'scholium://library/papers/a.txt',
      'scholium://library/home/user/paper.pdf',
      'scholium://app/papers/a.pdf',
      'https://library/papers/a.pdf',
      'scholium://library/papers/%E0%A4%A.pdf',
    ]) {
      expect(paperIdOfLibraryUrl(new URL(raw)), raw).toBeNull();
    }
  });
});
