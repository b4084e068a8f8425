import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../electron/contract/index.js';
import { permuteRows } from '../../../electron/core/models/convert/peftAdapter.js';
import { readCheckedGguf } from '../../../electron/core/models/gguf/ggufReader.js';
import { writePeftFolder } from '../../fixtures/gguf/peftFolder.js';
import { TINY_BERT, writeTinyBertFolder } from '../../fixtures/gguf/tinyBert.js';
import { TINY } from '../../fixtures/gguf/tinyModels.js';
import { addTinyChat, fileScopedDir, forcedText, openModels, TOKEN_A, type Harness } from './harness.js';

const ctx = { emit: () => undefined, signal: new AbortController().signal };
const messages = [{ role: 'user' as const, content: 'what is new here?' }];

/** Float32 values of a tensor in a GGUF written by the converters (all F32). */
async function tensorValues(file: string, name: string): Promise<Float32Array> {
  const g = await readCheckedGguf(file);
  const info = g.info.tensorInfo!.find((t) => t.name === name)!;
  const count = info.dimensions.reduce((a: number, b) => a * Number(b), 1);
  const bytes = Buffer.alloc(count * 4);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, bytes, 0, bytes.length, Number(info.fileOffset));
  fs.closeSync(fd);
  return new Float32Array(bytes.buffer, bytes.byteOffset, count);
}

describe('importing PEFT adapters and sentence-transformers models', () => {
  let h: Harness;
  beforeAll(async () => {
    h = openModels(fileScopedDir());
    await addTinyChat(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it("reorders q/k rows the way llama.cpp's Llama converter does", () => {
    const rows = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...permuteRows(rows, 8, 1, 2)]).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
  });

  it('converts a PEFT folder to a GGUF LoRA that loads and acts as trained (rsLoRA scaling folded in)', async () => {
    const qB = Float32Array.from({ length: TINY.embd * 4 }, (_, i) => i);
    const dir = writePeftFolder(path.join(h.dir, 'peft-force'), {
      token: TOKEN_A,
      rank: 4,
      alpha: 2,
      rslora: true,
      qB,
    });
    const info = await h.service.handlers()['adapters.add']({ path: dir, copy: false }, ctx);
    expect(info).toMatchObject({
      adapterId: 'peft-force',
      source: 'peft',
      stored: true,
      architecture: 'llama',
      rank: 4,
      alpha: 2,
      targets: 2,
    });
    expect(info.compatibility).toEqual([{ modelId: 'tiny', compatible: true, reason: null }]);
    expect(info.file).toBe(path.join(h.dir, 'adapters', 'peft-force.gguf'));
    // rsLoRA trains with alpha/sqrt(r) = 1; llama.cpp applies alpha/r = 0.5, so B is doubled.
    const b = await tensorValues(info.file, 'output.weight.lora_b');
    expect(b[TOKEN_A * 4]).toBe(20);
    // q rows: head h, rotary half j, index i moves from h·16 + j·8 + i to h·16 + i·2 + j (4 heads of 16); doubled too.
    const q = await tensorValues(info.file, 'blk.0.attn_q.weight.lora_b');
    expect(q[(0 * 2 + 1) * 4]).toBe(2 * qB[8 * 4]!);
    expect(q[(16 + 2 * 2 + 0) * 4]).toBe(2 * qB[(16 + 2) * 4]!);
    const result = await h.service.generate({ messages, maxTokens: 6, adapters: [{ id: 'peft-force', scale: 1 }] });
    expect(result.text).toBe(forcedText(TOKEN_A, 6));
  });

  it('refuses PEFT folders it cannot convert, saying why', async () => {
    const add = (dir: string): Promise<unknown> =>
      Promise.resolve(h.service.handlers()['adapters.add']({ path: dir, copy: false }, ctx));
    const embeds = writePeftFolder(path.join(h.dir, 'peft-embed'), {
      token: TOKEN_A,
      extra: {
        'base_model.model.model.embed_tokens.lora_embedding_A': {
          shape: [1, TINY.vocab],
          values: new Float32Array(TINY.vocab),
        },
      },
    });
    await expect(add(embeds)).rejects.toThrow('it changes the token embeddings');
    const wide = path.join(h.dir, 'peft-wide');
    writePeftFolder(wide, { token: TOKEN_A });
    const config = JSON.parse(fs.readFileSync(path.join(wide, 'adapter_config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(path.join(wide, 'adapter_config.json'), JSON.stringify({ ...config, use_dora: true }));
    await expect(add(wide)).rejects.toThrow('it is a DoRA adapter');
    const empty = path.join(h.dir, 'not-peft');
    fs.mkdirSync(empty);
    await expect(add(empty)).rejects.toThrow('is not a PEFT adapter (it has no adapter_config.json)');
    expect(fs.readdirSync(path.join(h.dir, 'adapters'))).toEqual(['peft-force.gguf']);
  });

  it('converts a sentence-transformers BERT folder into an embedding model', async () => {
    const folder = writeTinyBertFolder(path.join(h.dir, 'tiny-bert'));
    const info = await h.service.handlers()['models.add']({ path: folder, copy: false }, ctx);
    expect(info).toMatchObject({
      modelId: 'tiny-bert',
      source: 'sentence-transformers',
      architecture: 'bert',
      roles: ['embedding'],
      embeddingLength: TINY_BERT.hidden,
      stored: true,
    });
    const embedder = h.service.embedder('tiny-bert');
    const [cat, cat2, gene] = await embedder.embed([
      'the cat sat on the mat.',
      'the cat sat on the mat.',
      'protein gene cell data',
    ]);
    expect(Math.hypot(...cat!)).toBeCloseTo(1, 5);
    expect(cat2).toEqual(cat);
    expect(gene).not.toEqual(cat);
    const notBert = path.join(h.dir, 'not-bert');
    fs.mkdirSync(notBert);
    fs.writeFileSync(path.join(notBert, 'config.json'), JSON.stringify({ model_type: 'llama' }));
    fs.writeFileSync(path.join(notBert, 'model.safetensors'), '');
    await expect(
      Promise.resolve(h.service.handlers()['models.add']({ path: notBert, copy: false }, ctx)),
    ).rejects.toThrow('only BERT-family sentence-transformers models');
  });

  it('writes the pooling the folder asks for: CLS for bge-style models, mean for MiniLM-style ones', async () => {
    const mean = writeTinyBertFolder(path.join(h.dir, 'pool-mean'));
    const cls = writeTinyBertFolder(path.join(h.dir, 'pool-cls'));
    fs.writeFileSync(
      path.join(cls, '1_Pooling', 'config.json'),
      JSON.stringify({
        word_embedding_dimension: TINY_BERT.hidden,
        pooling_mode_cls_token: true,
        pooling_mode_mean_tokens: false,
      }),
    );
    const add = async (folder: string): Promise<string> =>
      (await h.service.handlers()['models.add']({ path: folder, copy: false }, ctx)).file;
    const [meanFile, clsFile] = [await add(mean), await add(cls)];
    expect((await readCheckedGguf(meanFile)).metadata.get('bert.pooling_type')).toBe(1);
    expect((await readCheckedGguf(clsFile)).metadata.get('bert.pooling_type')).toBe(2);
    // Same weights, other pooling: llama.cpp honours it, so the vectors differ.
    const [byMean] = await h.service.embedder('pool-mean').embed(['the cat sat on the mat.']);
    const [byCls] = await h.service.embedder('pool-cls').embed(['the cat sat on the mat.']);
    expect(Math.hypot(...byCls!)).toBeCloseTo(1, 5);
    expect(byCls).not.toEqual(byMean);
  });

  it("stores the weight matrices as Q8_0 by default (F16 or F32 on request), as llama.cpp's converter does", async () => {
    const folder = writeTinyBertFolder(path.join(h.dir, 'bert-precision'));
    const q8 = await h.service.handlers()['models.add']({ path: folder, copy: false, name: 'bert-q8' }, ctx);
    const converted = async (precision: 'f16' | 'f32'): Promise<string> => {
      const job = h.service.convert(folder, `bert-${precision}`, precision);
      expect((await h.jobs.wait(job.jobId)).state).toBe('done');
      return (await h.service.handlers()['models.added']({ jobId: job.jobId }, ctx)).modelId;
    };
    const [f16, f32] = [await converted('f16'), await converted('f32')];
    const types = async (modelId: string): Promise<Map<string, number>> => {
      const file = (await h.service.handlers()['models.list']({}, ctx)).find((m) => m.modelId === modelId)!.file;
      const g = await readCheckedGguf(file);
      expect(g.metadata.get('general.file_type')).toBe({ [q8.modelId]: 7, [f16]: 1, [f32]: 0 }[modelId]);
      return new Map(g.info.tensorInfo!.map((t) => [t.name, t.ggmlType]));
    };
    const q8Types = await types(q8.modelId);
    // Matrices quantized; biases, norms and the tensors llama.cpp reads by index or adds whole stay F32.
    for (const name of ['blk.0.attn_q.weight', 'blk.1.ffn_down.weight', 'token_embd.weight'])
      expect(q8Types.get(name), name).toBe(8);
    for (const name of [
      'blk.0.attn_q.bias',
      'blk.0.attn_output_norm.weight',
      'position_embd.weight',
      'token_types.weight',
    ])
      expect(q8Types.get(name), name).toBe(0);
    expect((await types(f16)).get('blk.0.attn_q.weight')).toBe(1);
    expect([...(await types(f32)).values()].every((t) => t === 0)).toBe(true);
    // The quantized models embed as the F32 one does, within rounding.
    const texts = ['the cat sat on the mat.', 'protein gene cell data'];
    const reference = await h.service.embedder(f32).embed(texts);
    for (const modelId of [q8.modelId, f16]) {
      const vectors = await h.service.embedder(modelId).embed(texts);
      vectors.forEach((v, i) => {
        const cosine = v.reduce((sum, x, j) => sum + x * reference[i]![j]!, 0);
        expect(cosine, modelId).toBeGreaterThan(0.99);
      });
    }
  });

  it('converts as a job in a child process, with per-tensor progress; a cancel adds nothing', async () => {
    const events: JobEvent[] = [];
    const stop = h.jobs.onEvent((e) => events.push(e));
    const folder = writeTinyBertFolder(path.join(h.dir, 'bert-job'));
    const job = h.service.convert(folder);
    const done = await h.jobs.wait(job.jobId);
    expect(done).toMatchObject({ kind: 'models.convert', state: 'done', message: 'Added bert-job', error: null });
    const tensors = events
      .filter((e) => e.jobId === job.jobId && e.job.message.startsWith('Converting'))
      .map((e) => e.job);
    expect(tensors.length).toBeGreaterThan(2);
    const total = tensors[0]!.total!;
    expect(tensors.map((t) => t.message)).toContain(`Converting bert-job to GGUF: tensor ${total} of ${total}`);
    const info = await h.service.handlers()['models.added']({ jobId: job.jobId }, ctx);
    expect(info).toMatchObject({
      modelId: 'bert-job',
      source: 'sentence-transformers',
      embeddingLength: TINY_BERT.hidden,
    });
    expect((await h.service.embedder('bert-job').embed(['the cat sat on the mat.']))[0]!.length).toBe(TINY_BERT.hidden);

    const cancelled = h.service.convert(writeTinyBertFolder(path.join(h.dir, 'bert-cancel')));
    h.jobs.onEvent((e) => {
      if (e.jobId === cancelled.jobId && e.type === 'progress' && e.job.message.startsWith('Converting'))
        h.jobs.cancel(cancelled.jobId);
    });
    expect((await h.jobs.wait(cancelled.jobId)).state).toBe('cancelled');
    expect(fs.readdirSync(path.join(h.dir, 'models')).filter((f) => f.startsWith('bert-cancel'))).toEqual([]);
    expect(() => h.service.handlers()['models.added']({ jobId: cancelled.jobId }, ctx)).toThrow(
      'was cancelled; nothing was added',
    );
    expect(() => h.service.convert(path.join(h.dir, 'nowhere'))).toThrow(
      'is not a folder; give a sentence-transformers folder',
    );
    stop();
  });
});
