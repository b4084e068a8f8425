import { describe, expect, it } from 'vitest';
import { isAppUrl, isExternalLinkAllowed } from '../../../electron/main/navigationPolicy.js';

describe('Electron navigation policy', () => {
  it('allows only our own pages in the window', () => {
    expect(isAppUrl('scholium://app/index.html#/ask')).toBe(true);
    expect(isAppUrl('scholium://library/papers/a.pdf')).toBe(false);
    expect(isAppUrl('https://example.com/scholium://app/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('javascript:alert(1)')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
  it('sends only web and mail links to the system browser', () => {
    expect(isExternalLinkAllowed('https://doi.org/10.1000/x')).toBe(true);
    expect(isExternalLinkAllowed('mailto:a@b.c')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('smb://host/share')).toBe(false);
  });
});
