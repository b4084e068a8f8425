import fs from 'node:fs';
import path from 'node:path';
import { readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp';
import { ScholiumError } from '../../../contract/index.js';
import { ggmlTypeName, tensorByteSize } from './ggmlTypes.js';
import { scanGgufHeader, type GgufHeaderFields } from './ggufHeaderScan.js';
import { wrongKeyType } from './ggufKeyTypes.js';

export type MetadataValue = string | number | bigint | boolean | MetadataValue[];

export interface TensorFacts {
  name: string;
  /** ne0 first. */
  dims: number[];
  type: number;
}

/** A GGUF file whose header was read and whose every tensor lies inside the file. */
export interface CheckedGguf {
  file: string;
  sizeBytes: number;
  /** Metadata with dotted keys, as written in the file (`llama.context_length`). */
  metadata: Map<string, MetadataValue>;
  tensors: TensorFacts[];
  info: GgufFileInfo;
}

const MAX_TENSORS = 1_000_000;
const MAX_KEYS = 100_000;

function invalid(file: string, problem: string): ScholiumError {
  return new ScholiumError('INVALID_MODEL', `${path.basename(file)} cannot be used: ${problem}`);
}

/** node-llama-cpp nests metadata by dots; flatten it back to the keys the file has. */
function flatten(value: unknown, prefix: string, out: Map<string, MetadataValue>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else out.set(prefix, value as MetadataValue);
}

/** The fixed-size start of the file: magic, version, tensor and key counts. */
function readPrefix(file: string, sizeBytes: number): void {
  const head = Buffer.alloc(24);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, 24, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 4 || head.toString('latin1', 0, 4) !== 'GGUF') {
    throw invalid(
      file,
      'it is not a GGUF model file (GGUF files start with the letters "GGUF"). Convert the model to GGUF first, or pick the .gguf file.',
    );
  }
  if (read < 24) throw invalid(file, `the file is truncated (only ${sizeBytes} bytes); download or copy it again.`);
  const version = head.readUInt32LE(4);
  if (version !== 2 && version !== 3)
    throw invalid(file, `it is GGUF version ${version}; only versions 2 and 3 are supported.`);
  const tensors = head.readBigUInt64LE(8);
  const keys = head.readBigUInt64LE(16);
  // Each tensor entry takes at least 24 bytes and each key at least 12: a count the file cannot hold is corruption.
  if (tensors > BigInt(MAX_TENSORS) || tensors * 24n > BigInt(sizeBytes))
    throw invalid(file, `its header claims ${tensors} tensors, more than the file can hold; the file is damaged.`);
  if (keys > BigInt(MAX_KEYS) || keys * 12n > BigInt(sizeBytes))
    throw invalid(
      file,
      `its header claims ${keys} metadata entries, more than the file can hold; the file is damaged.`,
    );
}

/**
 * Reads a GGUF header and checks the file's structure before anything hands it
 * to llama.cpp (which aborts the whole process on some malformed files): the
 * magic and version, sane counts, every length inside the file (scanGgufHeader),
 * a readable header, known tensor types and every tensor's data inside the file.
 */
export async function readCheckedGguf(file: string): Promise<CheckedGguf> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ScholiumError('NOT_FOUND', `There is no file at ${file}.`);
  }
  if (stat.isDirectory()) throw invalid(file, 'it is a folder, not a GGUF file.');
  if (!stat.isFile()) throw invalid(file, 'it is not a regular file (a device, pipe or socket), not a GGUF file.');
  readPrefix(file, stat.size);
  let header: GgufHeaderFields;
  try {
    header = scanGgufHeader(file);
  } catch (error) {
    throw invalid(
      file,
      `its header is damaged (${error instanceof Error ? error.message : String(error)}). Download or copy it again.`,
    );
  }
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(file, { logWarnings: false, spliceSplitFiles: false, sourceType: 'filesystem' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(
      file,
      `its header could not be read (${reason}); the file is probably truncated or damaged. Download or copy it again.`,
    );
  }
  const metadata = new Map<string, MetadataValue>();
  flatten(info.metadata, '', metadata);
  const architecture = metadata.get('general.architecture');
  const mistyped = wrongKeyType(header.keyTypes, typeof architecture === 'string' ? architecture : null);
  if (mistyped !== null) throw invalid(file, `${mistyped}; the file was written by a broken converter or is damaged.`);
  // A tensor llama.cpp refuses (misaligned, overlapping, with a gap) fails the load, and the runtime then aborts
  // (GGML_ASSERT in gguf.cpp): tensors must follow each other in header order, each padded to the alignment.
  const alignment = Number(metadata.get('general.alignment') ?? 32);
  if (!Number.isSafeInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0)
    throw invalid(file, `its alignment (${alignment}) is not a power of two; the file is damaged.`);
  const padded = (n: number): number => Math.ceil(n / alignment) * alignment;
  let expectedOffset = padded(header.headerEnd);
  const tensors: TensorFacts[] = [];
  const seen = new Set<string>();
  for (const t of info.tensorInfo ?? []) {
    const dims = t.dimensions.map(Number);
    if (dims.length === 0 || dims.length > 4 || dims.some((d) => !Number.isSafeInteger(d) || d <= 0)) {
      throw invalid(file, `tensor ${t.name} has an impossible shape [${dims.join(', ')}]; the file is damaged.`);
    }
    if (seen.has(t.name)) throw invalid(file, `tensor ${t.name} appears twice; the file is damaged.`);
    seen.add(t.name);
    const bytes = tensorByteSize(t.ggmlType, dims);
    if (bytes === null)
      throw invalid(
        file,
        `tensor ${t.name} uses ${ggmlTypeName(t.ggmlType)} storage, which this version of Scholium does not know.`,
      );
    if (Number(t.fileOffset) !== expectedOffset)
      throw invalid(
        file,
        `tensor ${t.name} starts at byte ${t.fileOffset}, but the tensors before it end at byte ${expectedOffset}; the file is damaged.`,
      );
    expectedOffset += padded(bytes);
    const end = Number(t.fileOffset) + bytes;
    if (end > stat.size) {
      throw invalid(
        file,
        `it is truncated: tensor ${t.name} ends at byte ${end} but the file has ${stat.size} bytes. Download or copy it again.`,
      );
    }
    tensors.push({ name: t.name, dims, type: t.ggmlType });
  }
  return { file, sizeBytes: stat.size, metadata, tensors, info };
}

export function metaString(g: CheckedGguf, key: string): string | null {
  const v = g.metadata.get(key);
  return typeof v === 'string' ? v : null;
}

export function metaNumber(g: CheckedGguf, key: string): number | null {
  const v = g.metadata.get(key);
  return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : null;
}
