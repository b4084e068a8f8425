import { ScholiumError } from '../../../contract/index.js';

/** A server's addresses: the OpenAI-compatible API's base (…/v1) and the root beside it (llama.cpp's /tokenize). */
export interface ServerAddress {
  /** e.g. http://gpu-box:8080/v1, without a trailing slash. */
  base: string;
  /** e.g. http://gpu-box:8080 */
  root: string;
  url: URL;
}

/**
 * The address a user typed, as the API base: "http://gpu-box:8080", ".../v1" and ".../v1/" all mean the same server.
 * Credentials, queries and fragments in the address are refused: a key goes in the API-key field, never in a URL that
 * would be stored and shown.
 */
export function serverAddress(typed: string): ServerAddress {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw new ScholiumError('INVALID_REQUEST', `"${typed}" is not an address; give one like http://gpu-box:8080/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ScholiumError(
      'INVALID_REQUEST',
      `A model server is reached over http:// or https://, not ${url.protocol}`,
    );
  if (url.username !== '' || url.password !== '')
    throw new ScholiumError(
      'INVALID_REQUEST',
      'Give the API key in its own field (--api-key), not inside the address: the address is stored and shown.',
    );
  if (url.search !== '' || url.hash !== '')
    throw new ScholiumError('INVALID_REQUEST', 'A server address has no query or fragment (?… or #…).');
  const path = url.pathname.replace(/\/+$/, '');
  const apiPath = /\/v1$/.test(path) ? path : `${path}/v1`;
  const root = `${url.origin}${apiPath.replace(/\/v1$/, '')}`;
  return { base: `${url.origin}${apiPath}`, root, url: new URL(`${url.origin}${apiPath}`) };
}
