import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';
import { fetchJson, isDropped, sha256OfFile, transferOnce, type TransferOptions } from './httpTransfer.js';
import {
  huggingFaceEndpoint,
  huggingFaceFileUrl,
  parseModelSource,
  pickQuantization,
  sourceFileName,
  type RepoFile,
} from './modelSource.js';

export interface DownloadOptions {
  /** The SHA-256 the user expects (hex); checked along with any the server gives. */
  sha256?: string;
  signal: AbortSignal;
  progress: (done: number, total: number | null, message: string) => void;
  idleTimeoutMs?: number;
  /** Attempts in a row that may fail without receiving a byte before giving up. */
  attempts?: number;
}

export interface DownloadedFile {
  /** The complete, checksum-checked file, under its name on the server, waiting to be checked and registered. */
  file: string;
  /** The name on the server, e.g. "gemma-3-270m-it-Q4_K_M.gguf". */
  fileName: string;
  url: string;
  sha256: string;
  /** Whether the SHA-256 was checked against one given by the user or the server. */
  verified: boolean;
  bytes: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_ATTEMPTS = 4;
const PROGRESS_INTERVAL_MS = 200;

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** Chunks arrive every few kilobytes: report a few times a second (and always the last), not per chunk. */
function throttled(report: (done: number, total: number | null) => void): (done: number, total: number | null) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS && done !== total) return;
    last = now;
    report(done, total);
  };
}

/** The files of a Hugging Face repository with their sizes and (for LFS files) SHA-256. */
async function repoFiles(repo: string, options: TransferOptions): Promise<RepoFile[]> {
  const listing = await fetchJson(
    new URL(`${huggingFaceEndpoint()}/api/models/${repo}/tree/main?recursive=true`),
    options,
  );
  if (!Array.isArray(listing))
    throw new ScholiumError('IO_ERROR', `Hugging Face answered the file list of ${repo} in an unexpected form.`);
  return (listing as Array<{ type?: string; path?: string; size?: number; lfs?: { oid?: string } }>)
    .filter((e) => e.type === 'file' && typeof e.path === 'string')
    .map((e) => ({
      path: e.path!,
      size: e.size ?? 0,
      sha256: typeof e.lfs?.oid === 'string' && /^[0-9a-f]{64}$/i.test(e.lfs.oid) ? e.lfs.oid.toLowerCase() : null,
    }));
}

/**
 * Downloads a model the user asked for (hf: name or https address) into
 * `dir`, resumably: the bytes go to a .partial file named after the address,
 * so a dropped connection, a cancel or a restart continues where it stopped.
 * The finished file is checked against every SHA-256 known for it (the
 * user's, Hugging Face's) and removed when it does not match.
 */
export async function downloadModelFile(input: string, dir: string, options: DownloadOptions): Promise<DownloadedFile> {
  const source = parseModelSource(input);
  const expected = new Set<string>();
  if (options.sha256 !== undefined) {
    if (!/^[0-9a-f]{64}$/i.test(options.sha256))
      throw new ScholiumError(
        'INVALID_REQUEST',
        `"${options.sha256}" is not a SHA-256 checksum (64 hexadecimal digits).`,
      );
    expected.add(options.sha256.toLowerCase());
  }
  const transfer: TransferOptions = {
    signal: options.signal,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    reason: `model download requested by the user: ${input}`,
  };
  let url: URL;
  if (source.kind === 'url') url = source.url;
  else if (source.file !== null) url = huggingFaceFileUrl(source.repo, source.file);
  else {
    options.progress(0, null, `Looking up the ${source.quant} file in ${source.repo}`);
    const picked = pickQuantization(source.repo, source.quant, await repoFiles(source.repo, transfer));
    if (picked.sha256 !== null) expected.add(picked.sha256);
    url = huggingFaceFileUrl(source.repo, picked.path);
  }
  const fileName = sourceFileName(url);
  fs.mkdirSync(dir, { recursive: true });
  const key = crypto.createHash('sha256').update(url.href).digest('hex').slice(0, 12);
  const file = path.join(dir, `${fileName.replace(/\.gguf$/i, '')}.${key}.gguf.partial`);

  const onBytes = throttled((done, total) =>
    options.progress(
      done,
      total,
      `Downloading ${fileName}: ${mib(done)}${total === null ? '' : ` of ${mib(total)}`} MiB`,
    ),
  );
  let bytes = 0;
  for (let failures = 0; ;) {
    const before = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    try {
      const result = await transferOnce(url, file, { ...transfer, onBytes });
      if (result.linked.sha256 !== null) expected.add(result.linked.sha256);
      bytes = result.bytes;
      break;
    } catch (error) {
      if (!isDropped(error) || options.signal.aborted) throw error;
      // A connection that brought bytes resets the count: only attempts in a row that bring nothing give up.
      const after = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      failures = after > before ? 0 : failures + 1;
      if (failures >= (options.attempts ?? DEFAULT_ATTEMPTS)) {
        throw new ScholiumError(
          'IO_ERROR',
          `The download of ${fileName} keeps failing (${(error as Error).message}); ${mib(after)} MiB are kept, so downloading again resumes it.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * failures));
    }
  }

  options.progress(0, bytes, `Checking the SHA-256 of ${fileName}`);
  const onHashed = throttled((done, total) => options.progress(done, total, `Checking the SHA-256 of ${fileName}`));
  const sha256 = await sha256OfFile(file, options.signal, (done) => onHashed(done, bytes));
  for (const want of expected) {
    if (want !== sha256) {
      fs.rmSync(file, { force: true });
      throw new ScholiumError(
        'INVALID_MODEL',
        `The downloaded ${fileName} is not the expected file: its SHA-256 is ${sha256}, expected ${want}. It was deleted; nothing was added.`,
      );
    }
  }
  const finished = path.join(dir, fileName);
  fs.renameSync(file, finished);
  return { file: finished, fileName, url: url.href, sha256, verified: expected.size > 0, bytes };
}
