import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanGgufHeader } from '../../../electron/core/models/gguf/ggufHeaderScan.js';
import { readCheckedGguf } from '../../../electron/core/models/gguf/ggufReader.js';
import { checkModel } from '../../../electron/core/models/modelCheck.js';
import { writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { refusal } from '../../helpers/refusal.js';
import { fileScopedDir } from '../models/harness.js';

// What the GGUF fuzz found, pinned: each of these files crashed a process
// (the core itself, or llama.cpp in the runtime) before the checks refused it.

async function refused(file: string): Promise<string> {
  const error = await refusal(readCheckedGguf(file).then(checkModel));
  expect(error.code).toBe('INVALID_MODEL');
  return error.message;
}

describe('GGUF files the fuzz found crashing a process are refused', () => {
  const dir = fileScopedDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const source = writeTinyLlama(path.join(dir, 'source.gguf'));
  const bytes = fs.readFileSync(source);
  const fields = scanGgufHeader(source);
  const patched = (name: string, patch: (b: Buffer) => void): string => {
    const b = Buffer.from(bytes);
    patch(b);
    fs.writeFileSync(path.join(dir, name), b);
    return path.join(dir, name);
  };
  const offsetOfKeyType = (key: string): number => fields.kvTypes[[...fields.keyTypes.keys()].indexOf(key)]!;

  it('a string length past 2^31 (node-llama-cpp passed it to fs.read, aborting Node)', async () => {
    const file = patched('huge-length.gguf', (b) => b.writeBigUInt64LE(2n ** 40n, fields.lengths[3]!));
    expect(await refused(file)).toMatch(
      /^huge-length\.gguf cannot be used: its header is damaged \(.* claims 1099511627776 bytes, past the end of the file/,
    );
  });

  it('a token id stored as i32 instead of u32 (llama.cpp refused it, then aborted)', async () => {
    const file = patched('i32-token.gguf', (b) =>
      b.writeUInt32LE(5, offsetOfKeyType('tokenizer.ggml.unknown_token_id')),
    );
    expect(await refused(file)).toContain(
      'the setting tokenizer.ggml.unknown_token_id is stored as i32 where llama.cpp requires u32',
    );
  });

  it('a tensor moved off its place in the data (misaligned or overlapping)', async () => {
    for (const offset of [28n, 0n]) {
      const file = patched(`offset-${offset}.gguf`, (b) => b.writeBigUInt64LE(offset, fields.tensorOffsets[10]!));
      expect(await refused(file)).toMatch(
        /tensor blk\.1\.\w+\.weight starts at byte \d+, but the tensors before it end at byte \d+/,
      );
    }
  });

  it('an attention tensor reshaped against the hyper-parameters (same size, so still in place)', async () => {
    // Dimensions in header order: token_embd.weight (2), blk.0.attn_norm.weight (1), blk.0.attn_q.weight (2).
    const file = patched('attn-shape.gguf', (b) => {
      b.writeBigUInt64LE(32n, fields.tensorDims[3]!);
      b.writeBigUInt64LE(128n, fields.tensorDims[4]!);
    });
    expect(await refused(file)).toContain('blk.0.attn_q.weight is [32, 128], expected [64, 64]');
  });

  it('a vocabulary with a repeated token, or without a byte token (llama.cpp aborted on first use)', async () => {
    const at = bytes.indexOf('<0x4B>', 0, 'latin1');
    const repeated = patched('repeated-token.gguf', (b) => b.write('<0x5B>', at, 'latin1'));
    expect(await refused(repeated)).toContain('its vocabulary lists the token "<0x5B>" twice');
    const missing = patched('missing-byte.gguf', (b) => b.write('<0xqB>', at, 'latin1'));
    expect(await refused(missing)).toContain('its SentencePiece vocabulary lacks the byte token <0x4B>');
  });
});
