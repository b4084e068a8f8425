import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compatibility, inspectAdapter } from '../../../electron/core/models/adapterCheck.js';
import { inspectModel, memoryVerdict } from '../../../electron/core/models/modelFacts.js';
import {
  FIRST_NORMAL_TOKEN,
  TINY,
  writeForcingAdapter,
  writeTinyLlama,
  writeTinyReranker,
} from '../../fixtures/gguf/tinyModels.js';
import { tempDir } from '../../helpers/tempLibrary.js';
import { refusal } from '../../helpers/refusal.js';

describe('GGUF fixtures and validation', () => {
  it('writes the same tiny model byte for byte every time, and describes it', async () => {
    const dir = tempDir();
    const a = writeTinyLlama(path.join(dir, 'a.gguf'));
    const b = writeTinyLlama(path.join(dir, 'b.gguf'));
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    const facts = await inspectModel(a);
    expect(facts).toMatchObject({
      architecture: 'llama',
      contextLength: TINY.context,
      embeddingLength: TINY.embd,
      chatTemplate: true,
      canRank: false,
      roles: ['chat'],
      quantization: 'F32',
    });
    expect(facts.parameters).toBeGreaterThan(140_000);
    expect(facts.tensors['output.weight']).toEqual([TINY.embd, TINY.vocab]);
    expect(facts.memoryNeedBytes).toBeGreaterThan(facts.sizeBytes);
  });

  it('recognises a reranker by its classifier head', async () => {
    const facts = await inspectModel(writeTinyReranker(path.join(tempDir(), 'rr.gguf')));
    expect(facts).toMatchObject({ architecture: 'qwen3', canRank: true, roles: ['reranker'] });
  });

  it('refuses a missing file', async () => {
    const e = await refusal(inspectModel(path.join(tempDir(), 'absent.gguf')));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/There is no file at .*absent\.gguf/);
  });

  it('refuses a file that is not GGUF', async () => {
    const file = path.join(tempDir(), 'notes.gguf');
    fs.writeFileSync(file, 'These are my notes, not a model.');
    const e = await refusal(inspectModel(file));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.message).toContain('not a GGUF model file');
  });

  it('refuses a GGUF truncated inside its tensor data and inside its header', async () => {
    const dir = tempDir();
    const full = fs.readFileSync(writeTinyLlama(path.join(dir, 'full.gguf')));
    const half = path.join(dir, 'half.gguf');
    fs.writeFileSync(half, full.subarray(0, full.length / 2));
    expect((await refusal(inspectModel(half))).message).toMatch(
      /truncated: tensor .* ends at byte \d+ but the file has \d+ bytes/,
    );
    const stub = path.join(dir, 'stub.gguf');
    fs.writeFileSync(stub, full.subarray(0, 200));
    expect((await refusal(inspectModel(stub))).message).toMatch(
      /header could not be read|truncated|more than the file can hold/,
    );
    const tiny = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(tiny, full.subarray(0, 10));
    expect((await refusal(inspectModel(tiny))).message).toContain('truncated');
  });

  it('refuses absurd tensor counts before parsing', async () => {
    const file = writeTinyLlama(path.join(tempDir(), 'm.gguf'));
    const bytes = fs.readFileSync(file);
    bytes.writeBigUInt64LE(1n << 40n, 8);
    fs.writeFileSync(file, bytes);
    expect((await refusal(inspectModel(file))).message).toContain('more than the file can hold');
  });

  it.each([
    'llama.feed_forward_length',
    'llama.attention.head_count',
    'llama.context_length',
    'tokenizer.ggml.tokens',
    'general.architecture',
  ])('refuses a GGUF missing %s, naming it', async (key) => {
    const file = writeTinyLlama(path.join(tempDir(), 'm.gguf'), { omitKeys: [key] });
    const e = await refusal(inspectModel(file));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.message).toContain(key === 'tokenizer.ggml.tokens' ? 'vocabulary' : key);
  });

  it('refuses an adapter given as a model and a model given as an adapter', async () => {
    const dir = tempDir();
    const adapter = writeForcingAdapter(path.join(dir, 'a.gguf'), { token: FIRST_NORMAL_TOKEN });
    expect((await refusal(inspectModel(adapter))).message).toBe(
      'a.gguf cannot be used: it is a LoRA adapter, not a model. Add it as an adapter instead: Models → Add adapter, or "scholium adapters add".',
    );
    const model = writeTinyLlama(path.join(dir, 'm.gguf'));
    expect((await refusal(inspectAdapter(model))).message).toBe(
      'm.gguf cannot be used as a LoRA adapter: it is a model, not an adapter (its general.type is not "adapter"). Add it as a model instead: Models → Add model, or "scholium models add".',
    );
  });

  it('checks adapters against a base: architecture, missing tensors, shapes', async () => {
    const dir = tempDir();
    const base = await inspectModel(writeTinyLlama(path.join(dir, 'm.gguf')));
    const shape = { name: 'tiny', architecture: base.architecture, tensors: base.tensors };
    const good = await inspectAdapter(writeForcingAdapter(path.join(dir, 'ok.gguf'), { token: 300, alpha: 2 }));
    expect(good).toMatchObject({
      architecture: 'llama',
      alpha: 2,
      rank: 1,
      targets: [{ tensor: 'output.weight', inDim: 64, outDim: 512, rank: 1 }],
    });
    expect(compatibility(good, shape)).toEqual({ compatible: true, reason: null });
    const qwen = await inspectAdapter(
      writeForcingAdapter(path.join(dir, 'q.gguf'), { token: 300, architecture: 'qwen3' }),
    );
    expect(compatibility(qwen, shape).reason).toBe(
      'This adapter was trained for a qwen3 model, but tiny is a llama model; adapters only work on the model family they were trained on.',
    );
    const wide = await inspectAdapter(writeForcingAdapter(path.join(dir, 'w.gguf'), { token: 300, wrongShape: true }));
    expect(compatibility(wide, shape).reason).toBe(
      'This adapter was trained on a model of a different size: it expects output.weight to be 72×512, but in tiny it is 64×512.',
    );
    const elsewhere = await inspectAdapter(
      writeForcingAdapter(path.join(dir, 'e.gguf'), { token: 300, target: 'blk.7.attn_q.weight' }),
    );
    expect(compatibility(elsewhere, shape).reason).toContain('blk.7.attn_q.weight) that tiny does not have');
  });

  it('says whether a model fits in free memory', () => {
    expect(memoryVerdict(1024 ** 3, 4 * 1024 ** 3)).toMatchObject({
      fits: true,
      note: 'Needs about 1.0 GiB of memory; 4.0 GiB is free.',
    });
    expect(memoryVerdict(8 * 1024 ** 3, 2 * 1024 ** 3).note).toContain('only 2.0 GiB is free');
  });
});
