import path from 'node:path';

/**
 * Native binaries (better-sqlite3's .node, sqlite-vec's loadable extension,
 * node-llama-cpp's builds) cannot be loaded from inside app.asar; electron-builder
 * unpacks them to app.asar.unpacked (see asarUnpack). Map a path that points into
 * the archive to its unpacked twin; outside a packaged app this is the identity.
 */
export function resolveUnpacked(file: string): string {
  const parts = file.split(path.sep);
  const i = parts.indexOf('app.asar');
  if (i === -1) return file;
  parts[i] = 'app.asar.unpacked';
  return parts.join(path.sep);
}
