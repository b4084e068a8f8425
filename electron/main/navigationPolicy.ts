/**
 * Pure URL decisions for the Electron shell (no electron import, so they are
 * unit-tested in Node). URLs are judged by parsing, never by substring.
 */
export const APP_SCHEME = 'scholium';
export const APP_HOST = 'app';
export const LIBRARY_HOST = 'library';

/** The renderer may only ever show our own bundled pages. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links a user clicks go to the system browser, but only web and mail links. */
export function isExternalLinkAllowed(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** The paper a scholium://library/papers/<id>.pdf URL names, or null for any other shape. */
export function paperIdOfLibraryUrl(url: URL): string | null {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== LIBRARY_HOST) return null;
  const match = /^\/papers\/([^/]+)\.pdf$/.exec(url.pathname);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
