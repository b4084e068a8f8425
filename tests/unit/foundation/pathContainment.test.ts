import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containedPath, isInside } from '../../../electron/core/platform/pathContainment.js';

describe('path containment', () => {
  const root = path.resolve('/srv/lib');
  it('accepts paths inside the root', () => {
    expect(containedPath(root, 'papers/a.pdf')).toBe(path.join(root, 'papers/a.pdf'));
    expect(containedPath(root, 'papers/../b.pdf')).toBe(path.join(root, 'b.pdf'));
  });
  it('refuses escapes, absolute paths, NUL bytes and the root itself', () => {
    expect(containedPath(root, '../lib-evil/x.pdf')).toBeNull();
    expect(containedPath(root, '../../etc/passwd')).toBeNull();
    expect(containedPath(root, '/etc/passwd')).toBeNull();
    expect(containedPath(root, 'C:\\Windows\\win.ini')).toBeNull();
    expect(containedPath(root, 'a\0.pdf')).toBeNull();
    expect(containedPath(root, '.')).toBeNull();
  });
  it('is not fooled by a sibling that shares the prefix', () => {
    expect(isInside(root, '/srv/lib-evil/a.pdf')).toBe(false);
    expect(isInside(root, '/srv/lib/a.pdf')).toBe(true);
  });
});
