import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';
import type { WeightPrecision } from '../../../contract/ops/models.js';
import { FILE_TYPE, tensorIn } from '../gguf/ggmlQuantize.js';
import { gguf, writeGguf, type GgufTensor, type GgufValue } from '../gguf/ggufWriter.js';
import { SafetensorsFile } from './safetensors.js';

/** Hugging Face BERT tensor names → llama.cpp's (gguf-py tensor_mapping for MODEL_ARCH.BERT). */
const LAYER_NAMES: Array<[RegExp, string]> = [
  [/^encoder\.layer\.(\d+)\.attention\.self\.query\.(weight|bias)$/, 'blk.$1.attn_q.$2'],
  [/^encoder\.layer\.(\d+)\.attention\.self\.key\.(weight|bias)$/, 'blk.$1.attn_k.$2'],
  [/^encoder\.layer\.(\d+)\.attention\.self\.value\.(weight|bias)$/, 'blk.$1.attn_v.$2'],
  [/^encoder\.layer\.(\d+)\.attention\.output\.dense\.(weight|bias)$/, 'blk.$1.attn_output.$2'],
  [/^encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.(weight|bias)$/, 'blk.$1.attn_output_norm.$2'],
  [/^encoder\.layer\.(\d+)\.intermediate\.dense\.(weight|bias)$/, 'blk.$1.ffn_up.$2'],
  [/^encoder\.layer\.(\d+)\.output\.dense\.(weight|bias)$/, 'blk.$1.ffn_down.$2'],
  [/^encoder\.layer\.(\d+)\.output\.LayerNorm\.(weight|bias)$/, 'blk.$1.layer_output_norm.$2'],
  [/^embeddings\.word_embeddings\.weight$/, 'token_embd.weight'],
  [/^embeddings\.position_embeddings\.weight$/, 'position_embd.weight'],
  [/^embeddings\.token_type_embeddings\.weight$/, 'token_types.weight'],
  [/^embeddings\.LayerNorm\.(weight|bias)$/, 'token_embd_norm.$1'],
];
/** Read by index or added whole, never multiplied: llama.cpp's converter keeps them F32 whatever the precision. */
const KEPT_F32 = new Set(['position_embd.weight', 'token_types.weight']);
/**
 * The precision a conversion writes unless asked otherwise: Q8_0 embeds about twice as fast as F32 on a CPU and
 * scores the same on SciFact (see bench/results/models.md and eval.md).
 */
export const DEFAULT_PRECISION: WeightPrecision = 'q8_0';
/** Parts sentence-transformers does not use for embeddings. */
const SKIPPED = /^(embeddings\.position_ids|pooler\..*|cls\..*)$/;

const POOLING = { mean: 1, cls: 2 } as const;

interface BertConfig {
  architectures?: string[];
  model_type?: string;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  max_position_embeddings: number;
  layer_norm_eps?: number;
  type_vocab_size?: number;
}

function readJson<T>(file: string): T | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : null;
}

/** Whether a folder looks like a sentence-transformers / Hugging Face BERT model. */
export function isSentenceTransformersFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'config.json')) && fs.existsSync(path.join(dir, 'model.safetensors'));
}

function refuse(dir: string, problem: string): never {
  throw new ScholiumError('INVALID_MODEL', `The folder ${dir} cannot be converted to an embedding model: ${problem}`);
}

function llamaName(hfName: string): string | null {
  const name = hfName
    .replace(/^bert\./, '')
    .replace(/\.gamma$/, '.weight')
    .replace(/\.beta$/, '.bias');
  if (SKIPPED.test(name)) return null;
  for (const [pattern, target] of LAYER_NAMES) if (pattern.test(name)) return name.replace(pattern, target);
  return '';
}

/**
 * Converts a sentence-transformers BERT folder (config.json, model.safetensors,
 * vocab.txt, 1_Pooling) into a GGUF llama.cpp runs as an embedding model, the
 * way llama.cpp's convert_hf_to_gguf.py does (BertModel): WordPiece tokens
 * rewritten to its "phantom space" form, mean or CLS pooling, the weight
 * matrices in `precision` (F32 as trained, F16, or Q8_0).
 */
export function convertSentenceTransformers(
  dir: string,
  outFile: string,
  options: {
    name?: string;
    precision?: WeightPrecision;
    onTensor?: (done: number, total: number) => void;
  } = {},
): void {
  const name = options.name ?? path.basename(path.resolve(dir));
  const precision = options.precision ?? DEFAULT_PRECISION;
  const onTensor = options.onTensor ?? (() => undefined);
  const config = readJson<BertConfig>(path.join(dir, 'config.json'));
  if (config === null) refuse(dir, 'it has no config.json.');
  if (config.model_type !== 'bert' && !(config.architectures ?? []).some((a) => a.startsWith('Bert'))) {
    refuse(
      dir,
      `it is a ${config.model_type ?? 'unknown'} model; only BERT-family sentence-transformers models (e.g. all-MiniLM, bge-small) can be converted.`,
    );
  }
  const vocabFile = path.join(dir, 'vocab.txt');
  if (!fs.existsSync(vocabFile)) refuse(dir, 'it has no vocab.txt (the WordPiece vocabulary).');
  const vocab = fs.readFileSync(vocabFile, 'utf8').split(/\r?\n/);
  if (vocab.at(-1) === '') vocab.pop();
  const specials =
    readJson<Record<string, string | { content: string }>>(path.join(dir, 'special_tokens_map.json')) ?? {};
  const specialText = (key: string, fallback: string): string => {
    const v = specials[key];
    return typeof v === 'string' ? v : (v?.content ?? fallback);
  };
  const special = {
    unknown: specialText('unk_token', '[UNK]'),
    seperator: specialText('sep_token', '[SEP]'),
    padding: specialText('pad_token', '[PAD]'),
    cls: specialText('cls_token', '[CLS]'),
    mask: specialText('mask_token', '[MASK]'),
  };
  const controls = new Set(Object.values(special));
  const idOf = (token: string): number => {
    const id = vocab.indexOf(token);
    if (id < 0) refuse(dir, `its vocabulary lacks the special token ${token}.`);
    return id;
  };
  // llama.cpp's WordPiece tokenizer expects "▁word" for word starts and bare "piece" for "##piece".
  const tokens = vocab.map((t) => (controls.has(t) ? t : t.startsWith('##') ? t.slice(2) : `\u2581${t}`));
  const types = vocab.map((t) => (controls.has(t) ? 3 : 1));
  const pooling = readJson<{ pooling_mode_cls_token?: boolean; pooling_mode_mean_tokens?: boolean }>(
    path.join(dir, '1_Pooling', 'config.json'),
  );
  const poolingType = pooling?.pooling_mode_cls_token === true ? POOLING.cls : POOLING.mean;

  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', gguf.str('bert')],
    ['general.name', gguf.str(name)],
    ['general.file_type', gguf.u32(FILE_TYPE[precision])],
    ['bert.context_length', gguf.u32(config.max_position_embeddings)],
    ['bert.embedding_length', gguf.u32(config.hidden_size)],
    ['bert.feed_forward_length', gguf.u32(config.intermediate_size)],
    ['bert.block_count', gguf.u32(config.num_hidden_layers)],
    ['bert.attention.head_count', gguf.u32(config.num_attention_heads)],
    ['bert.attention.layer_norm_epsilon', gguf.f32(config.layer_norm_eps ?? 1e-12)],
    ['bert.attention.causal', gguf.bool(false)],
    ['bert.pooling_type', gguf.u32(poolingType)],
    ['tokenizer.ggml.model', gguf.str('bert')],
    ['tokenizer.ggml.pre', gguf.str('default')],
    ['tokenizer.ggml.token_type_count', gguf.u32(config.type_vocab_size ?? 2)],
    ['tokenizer.ggml.tokens', gguf.strings(tokens)],
    ['tokenizer.ggml.token_type', gguf.i32s(types)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(idOf(special.cls))],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(idOf(special.unknown))],
    ['tokenizer.ggml.seperator_token_id', gguf.u32(idOf(special.seperator))],
    ['tokenizer.ggml.padding_token_id', gguf.u32(idOf(special.padding))],
    ['tokenizer.ggml.mask_token_id', gguf.u32(idOf(special.mask))],
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_sep_token', gguf.bool(true)],
  ];

  const weights = SafetensorsFile.open(path.join(dir, 'model.safetensors'));
  try {
    const tensors: GgufTensor[] = [];
    const all = [...weights.tensors.values()];
    for (const [i, t] of all.entries()) {
      onTensor(i, all.length);
      const target = llamaName(t.name);
      if (target === null) continue;
      if (target === '')
        refuse(dir, `it has a tensor this converter does not know (${t.name}); it is not a plain BERT model.`);
      // PyTorch shapes are rows first; GGUF lists ne0 (the contiguous dimension) first.
      tensors.push(
        tensorIn(KEPT_F32.has(target) ? 'f32' : precision, target, [...t.shape].reverse(), weights.readFloat32(t.name)),
      );
    }
    const embedding = tensors.find((t) => t.name === 'token_embd.weight');
    if (embedding === undefined) refuse(dir, 'it has no word embeddings.');
    if (embedding.dims[1] !== tokens.length)
      refuse(dir, `vocab.txt has ${tokens.length} entries but the model has ${embedding.dims[1]} word embeddings.`);
    writeGguf(outFile, metadata, tensors);
    onTensor(all.length, all.length);
  } finally {
    weights.close();
  }
}
