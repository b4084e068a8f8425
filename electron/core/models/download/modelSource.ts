import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';
import { isLoopback } from '../../platform/networkGuard.js';

/** Where Hugging Face is; HF_ENDPOINT (as the Hugging Face tools read it) points at a mirror. */
export function huggingFaceEndpoint(): string {
  return (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/** What the user asked to download, before any request is made. */
export type ModelSource =
  | { kind: 'url'; url: URL }
  /** `hf:user/repo/path/file.gguf` names a file; `hf:user/repo:Q4_K_M` a quantization to look up in the repository. */
  | { kind: 'hf'; repo: string; file: string; quant: null }
  | { kind: 'hf'; repo: string; file: null; quant: string };

const REPO = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

function bad(source: string, problem: string): never {
  throw new ScholiumError('INVALID_REQUEST', `Cannot download "${source}": ${problem}`);
}

export function isDownloadSource(source: string): boolean {
  return /^(hf:|https?:\/\/)/i.test(source.trim());
}

/** Plain http only reaches this computer (a local mirror); anything else must be https. */
export function checkUrl(url: URL, source: string): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
  bad(source, 'only https:// addresses can be downloaded from (plain http only from this computer).');
}

export function parseModelSource(input: string): ModelSource {
  const source = input.trim();
  if (/^hf:/i.test(source)) {
    const rest = source.slice(3).replace(/^\/+/, '');
    const quant = /^([^/:]+\/[^/:]+):([A-Za-z0-9_.-]+)$/.exec(rest);
    if (quant !== null) {
      if (!REPO.test(quant[1]!)) bad(source, `"${quant[1]}" is not a Hugging Face repository name.`);
      return { kind: 'hf', repo: quant[1]!, file: null, quant: quant[2]! };
    }
    const parts = rest.split('/');
    const repo = parts.slice(0, 2).join('/');
    const file = parts.slice(2).join('/');
    if (parts.length < 3 || !REPO.test(repo) || file === '') {
      bad(
        source,
        'write hf:<user>/<repo>/<file.gguf> for a file, or hf:<user>/<repo>:<quantization> (e.g. hf:unsloth/gemma-3-270m-it-GGUF:Q4_K_M).',
      );
    }
    if (parts.some((p) => p === '..' || p === '.')) bad(source, 'the file path may not contain "." or ".." parts.');
    if (!/\.gguf$/i.test(file)) bad(source, `${file} is not a .gguf file; Scholium downloads GGUF models only.`);
    return { kind: 'hf', repo, file, quant: null };
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    bad(source, 'it is neither an hf: name nor a web address.');
  }
  checkUrl(url, source);
  try {
    decodeURIComponent(url.pathname);
  } catch {
    bad(source, 'its path has a malformed %-escape (such as %FF); write the address as the site shows it.');
  }
  if (!/\.gguf$/i.test(url.pathname))
    bad(source, 'the address does not end in .gguf; Scholium downloads GGUF models only.');
  return { kind: 'url', url };
}

/** The file name a source will be saved under (before the model gets its id). */
export function sourceFileName(url: URL): string {
  // Characters no file system accepts in a name (a backslash would be a folder on Windows) become "_".
  const name = path.posix.basename(decodeURIComponent(url.pathname));
  return [...name].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
}

/** A Hugging Face file's download address (the main branch). */
export function huggingFaceFileUrl(repo: string, file: string): URL {
  return new URL(`${huggingFaceEndpoint()}/${repo}/resolve/main/${file.split('/').map(encodeURIComponent).join('/')}`);
}

export interface RepoFile {
  path: string;
  size: number;
  /** SHA-256 of the file as Hugging Face stores it (LFS files only). */
  sha256: string | null;
}

/**
 * The one GGUF of a repository that carries a quantization in its name
 * ("gemma-3-270m-it-Q4_K_M.gguf" for Q4_K_M), refusing ambiguity with the choices.
 */
export function pickQuantization(repo: string, quant: string, files: readonly RepoFile[]): RepoFile {
  const ggufs = files.filter((f) => /\.gguf$/i.test(f.path) && !/mmproj/i.test(path.posix.basename(f.path)));
  if (ggufs.length === 0)
    throw new ScholiumError('NOT_FOUND', `The Hugging Face repository ${repo} has no GGUF files.`);
  // "Q4" is not "Q4_K_M": the name must not go on with a letter, digit or underscore.
  const token = new RegExp(`(^|[^a-z0-9])${quant.replace(/[.]/g, '\\.')}([^a-z0-9_]|$)`, 'i');
  const matches = ggufs.filter((f) => token.test(path.posix.basename(f.path).replace(/\.gguf$/i, '')));
  if (matches.length === 1) return matches[0]!;
  const names = ggufs.map((f) => f.path).join(', ');
  if (matches.length === 0)
    throw new ScholiumError(
      'NOT_FOUND',
      `The Hugging Face repository ${repo} has no ${quant} GGUF. Its GGUF files: ${names}.`,
    );
  if (matches.every((f) => /-\d{5}-of-\d{5}\.gguf$/i.test(f.path))) {
    throw new ScholiumError(
      'UNSUPPORTED',
      `The ${quant} model in ${repo} is split into ${matches.length} files; Scholium needs a model in one file.`,
    );
  }
  throw new ScholiumError(
    'INVALID_REQUEST',
    `Several ${quant} files are in ${repo} (${matches.map((f) => f.path).join(', ')}); name one as hf:${repo}/<file.gguf>.`,
  );
}
