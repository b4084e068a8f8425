import path from 'node:path';

/**
 * Resolves `relative` inside `root` and returns the absolute path only if it
 * stays inside root, judged on parsed path segments (never a string prefix:
 * "/lib-evil" starts with "/lib" but is not inside it). Absolute inputs,
 * "..", and NUL bytes are refused.
 */
export function containedPath(root: string, relative: string): string | null {
  if (relative.includes('\0') || path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, relative);
  const rel = path.relative(base, target);
  if (rel === '' || rel.startsWith('..' + path.sep) || rel === '..' || path.isAbsolute(rel)) return null;
  return target;
}

/** True when an absolute path lies inside root (same segment-based rule). */
export function isInside(root: string, absolute: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(absolute));
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}
