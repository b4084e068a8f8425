import path from 'node:path';
import { ScholiumError } from '../../contract/index.js';
import { metaNumber, metaString, type CheckedGguf, type MetadataValue } from './gguf/ggufReader.js';

/**
 * Hyper-parameters llama.cpp reads without a default for each architecture:
 * when one is missing it stops the process (GGML_ASSERT) instead of failing.
 */
const DECODER = ['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count'];
const RMS_DECODER = [...DECODER, 'attention.layer_norm_rms_epsilon'];
const BERT_LIKE = [...DECODER, 'attention.layer_norm_epsilon'];
const requiredByArchitecture: Record<string, string[]> = {
  llama: RMS_DECODER,
  mistral3: RMS_DECODER,
  qwen2: RMS_DECODER,
  qwen3: RMS_DECODER,
  gemma: RMS_DECODER,
  gemma2: RMS_DECODER,
  gemma3: RMS_DECODER,
  'gemma-embedding': RMS_DECODER,
  phi3: RMS_DECODER,
  bert: BERT_LIKE,
  'nomic-bert': BERT_LIKE,
  'jina-bert-v2': BERT_LIKE,
};
const GENERIC = ['context_length', 'embedding_length', 'block_count'];
/** Architectures whose tensor shapes we know well enough to check. */
const SHAPE_CHECKED = new Set(Object.keys(requiredByArchitecture));

function refuse(g: CheckedGguf, problem: string): never {
  throw new ScholiumError('INVALID_MODEL', `${path.basename(g.file)} cannot be used: ${problem}`);
}

function isPositiveInteger(v: MetadataValue | undefined): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0;
  if (typeof v === 'bigint') return v > 0n;
  // Some architectures give per-layer values (an array); each must be usable.
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0);
}

/** The architecture a model declares, checked to be a plain name. */
export function architectureOf(g: CheckedGguf): string {
  const arch = metaString(g, 'general.architecture');
  if (arch === null || arch.trim() === '')
    refuse(g, 'it does not say which architecture it is (general.architecture is missing).');
  return arch;
}

/**
 * Refuses a model file llama.cpp could not load safely: a missing or mistyped
 * required key, a missing tokenizer, or tensors whose shapes contradict the
 * hyper-parameters. Runs on every add and again before every load.
 */
export function checkModel(g: CheckedGguf): void {
  if (metaString(g, 'general.type') === 'adapter')
    refuse(
      g,
      'it is a LoRA adapter, not a model. Add it as an adapter instead: Models → Add adapter, or "scholium adapters add".',
    );
  const arch = architectureOf(g);
  for (const key of requiredByArchitecture[arch] ?? GENERIC) {
    const full = `${arch}.${key}`;
    const value = g.metadata.get(full);
    if (value === undefined)
      refuse(
        g,
        `the required setting ${full} is missing, so llama.cpp would crash loading it. The file was written by a broken converter; get another copy.`,
      );
    const ok = key.includes('epsilon')
      ? typeof value === 'number' && Number.isFinite(value) && value >= 0
      : isPositiveInteger(value);
    if (!ok) refuse(g, `the setting ${full} has an unusable value (${JSON.stringify(String(value))}).`);
  }
  if (metaString(g, 'tokenizer.ggml.model') === null)
    refuse(g, 'it has no tokenizer (tokenizer.ggml.model is missing).');
  const tokens = g.metadata.get('tokenizer.ggml.tokens');
  if (!Array.isArray(tokens) || tokens.length === 0 || tokens.some((t) => typeof t !== 'string')) {
    refuse(g, 'it has no vocabulary (tokenizer.ggml.tokens is missing or not a list of strings).');
  }
  checkVocabulary(g, tokens as string[]);
  checkShapes(g, arch, tokens.length);
}

/** GGUF token types: undefined, normal, unknown, control, user-defined, unused, byte. */
const MAX_TOKEN_TYPE = 6;
const BYTE_TOKENS = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);

/**
 * Vocabulary faults llama.cpp does not report but aborts on (GGML_ASSERT on a
 * repeated token; std::out_of_range when a SentencePiece vocabulary lacks a
 * byte token the text needs), refused here instead.
 */
function checkVocabulary(g: CheckedGguf, tokens: string[]): void {
  const seen = new Set<string>();
  for (const [id, token] of tokens.entries()) {
    if (seen.has(token))
      refuse(
        g,
        `its vocabulary lists the token ${JSON.stringify(token)} twice (again at id ${id}); the file is damaged.`,
      );
    seen.add(token);
  }
  const types = g.metadata.get('tokenizer.ggml.token_type');
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length !== tokens.length)
      refuse(g, 'its token types (tokenizer.ggml.token_type) do not match its vocabulary; the file is damaged.');
    const bad = types.findIndex((t) => typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_TOKEN_TYPE);
    if (bad >= 0)
      refuse(g, `token ${bad} has type ${String(types[bad])}, which is not a GGUF token type; the file is damaged.`);
  }
  if (metaString(g, 'tokenizer.ggml.model') === 'llama') {
    const missing = BYTE_TOKENS.find((b) => !seen.has(b));
    if (missing !== undefined)
      refuse(
        g,
        `its SentencePiece vocabulary lacks the byte token ${missing}, which llama.cpp needs to spell out any text; the file is damaged.`,
      );
  }
}

function checkShapes(g: CheckedGguf, arch: string, vocab: number): void {
  const byName = new Map(g.tensors.map((t) => [t.name, t]));
  const embd = metaNumber(g, `${arch}.embedding_length`)!;
  const blocks = metaNumber(g, `${arch}.block_count`)!;
  const embedding = byName.get('token_embd.weight');
  if (embedding === undefined) refuse(g, 'it has no token embedding tensor (token_embd.weight).');
  const [e0, e1] = embedding.dims;
  if (e0 !== embd || e1 !== vocab) {
    refuse(
      g,
      `token_embd.weight is [${embedding.dims.join(', ')}] but the model says ${embd} dimensions and ${vocab} vocabulary entries.`,
    );
  }
  const present = new Set<number>();
  for (const t of g.tensors) {
    const m = /^blk\.(\d+)\./.exec(t.name);
    if (m === null) continue;
    const layer = Number(m[1]);
    if (layer >= blocks) refuse(g, `it has tensors for layer ${layer} but declares only ${blocks} layers.`);
    present.add(layer);
  }
  for (let i = 0; i < blocks; i++) if (!present.has(i)) refuse(g, `layer ${i} of ${blocks} has no tensors.`);
  if (!SHAPE_CHECKED.has(arch)) return;
  const output = byName.get('output.weight');
  if (output !== undefined && (output.dims[0] !== embd || output.dims[1] !== vocab)) {
    refuse(g, `output.weight is [${output.dims.join(', ')}], expected [${embd}, ${vocab}].`);
  }
  const ff = metaNumber(g, `${arch}.feed_forward_length`);
  const heads = metaNumber(g, `${arch}.attention.head_count`);
  if (heads !== null && metaNumber(g, `${arch}.attention.key_length`) === null && embd % heads !== 0) {
    refuse(g, `${embd} dimensions cannot be split into ${heads} attention heads.`);
  }
  // A tensor llama.cpp finds misshapen fails the load, and the runtime then aborts (GGML_ASSERT) instead of reporting
  // it.
  const expectShape = (name: string, dims: number[]): void => {
    const t = byName.get(name);
    if (t === undefined) return;
    if (t.dims.length !== dims.length || t.dims.some((d, k) => d !== dims[k]))
      refuse(g, `${name} is [${t.dims.join(', ')}], expected [${dims.join(', ')}].`);
  };
  expectShape('output_norm.weight', [embd]);
  const headsKv = metaNumber(g, `${arch}.attention.head_count_kv`) ?? heads;
  const keyLength = metaNumber(g, `${arch}.attention.key_length`) ?? (heads === null ? null : embd / heads);
  const valueLength = metaNumber(g, `${arch}.attention.value_length`) ?? keyLength;
  for (let i = 0; i < blocks; i++) {
    const expect = (name: string, dims: number[]): void => expectShape(`blk.${i}.${name}.weight`, dims);
    expect('attn_norm', [embd]);
    expect('ffn_norm', [embd]);
    if (heads !== null && headsKv !== null && keyLength !== null && valueLength !== null) {
      expect('attn_q', [embd, heads * keyLength]);
      expect('attn_k', [embd, headsKv * keyLength]);
      expect('attn_v', [embd, headsKv * valueLength]);
      expect('attn_output', [heads * valueLength, embd]);
    }
    if (ff !== null) {
      expect('ffn_gate', [embd, ff]);
      expect('ffn_up', [embd, ff]);
      expect('ffn_down', [ff, embd]);
    }
  }
}
