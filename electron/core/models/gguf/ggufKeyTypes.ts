/**
 * The value types llama.cpp insists on for the metadata keys it reads. A key
 * of another type fails the load, and the runtime then aborts on the way out
 * (GGML_ASSERT in gguf.cpp) instead of reporting it, so such files are
 * refused before they reach it. Types are GGUF's ids.
 */
const U32 = 4;
const I32 = 5;
const F32 = 6;
const BOOL = 7;
const STRING = 8;
const ARRAY = 9;
const TYPE_NAMES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'];

interface Expected {
  type: number;
  of?: number;
  /** Also accepted: an array of these (per-layer values). */
  perLayer?: boolean;
}

const GLOBAL: Record<string, Expected> = {
  'general.architecture': { type: STRING },
  'general.alignment': { type: U32 },
  'general.file_type': { type: U32 },
  'general.type': { type: STRING },
  'tokenizer.ggml.model': { type: STRING },
  'tokenizer.ggml.pre': { type: STRING },
  'tokenizer.ggml.tokens': { type: ARRAY, of: STRING },
  'tokenizer.ggml.scores': { type: ARRAY, of: F32 },
  'tokenizer.ggml.token_type': { type: ARRAY, of: I32 },
  'tokenizer.ggml.merges': { type: ARRAY, of: STRING },
  'tokenizer.chat_template': { type: STRING },
  'adapter.type': { type: STRING },
  'adapter.lora.alpha': { type: F32 },
};
for (const id of ['bos', 'eos', 'eot', 'eom', 'unknown', 'padding', 'seperator', 'mask', 'cls'])
  GLOBAL[`tokenizer.ggml.${id}_token_id`] = { type: U32 };
for (const flag of ['add_bos_token', 'add_eos_token', 'add_sep_token', 'add_space_prefix'])
  GLOBAL[`tokenizer.ggml.${flag}`] = { type: BOOL };

const PER_ARCHITECTURE: Record<string, Expected> = {
  context_length: { type: U32 },
  embedding_length: { type: U32 },
  block_count: { type: U32 },
  vocab_size: { type: U32 },
  'rope.dimension_count': { type: U32 },
  'rope.freq_base': { type: F32 },
  'attention.key_length': { type: U32 },
  'attention.value_length': { type: U32 },
  'attention.layer_norm_epsilon': { type: F32 },
  'attention.layer_norm_rms_epsilon': { type: F32 },
  feed_forward_length: { type: U32, perLayer: true },
  'attention.head_count': { type: U32, perLayer: true },
  'attention.head_count_kv': { type: U32, perLayer: true },
};

function describe(t: { type: number; of: number | null }): string {
  const name = TYPE_NAMES[t.type] ?? `type ${t.type}`;
  return t.type === ARRAY ? `array of ${TYPE_NAMES[t.of ?? -1] ?? `type ${t.of}`}` : name;
}

function matches(t: { type: number; of: number | null }, e: Expected): boolean {
  if (t.type === e.type && (e.of === undefined || t.of === e.of)) return true;
  return e.perLayer === true && t.type === ARRAY && (t.of === U32 || t.of === I32);
}

/** The first key llama.cpp reads whose value has another type, as a sentence; null when all fit. */
export function wrongKeyType(
  keyTypes: ReadonlyMap<string, { type: number; of: number | null }>,
  architecture: string | null,
): string | null {
  for (const [key, t] of keyTypes) {
    const expected =
      GLOBAL[key] ??
      (architecture !== null && key.startsWith(`${architecture}.`)
        ? PER_ARCHITECTURE[key.slice(architecture.length + 1)]
        : undefined);
    if (expected === undefined || matches(t, expected)) continue;
    const want = expected.type === ARRAY ? `array of ${TYPE_NAMES[expected.of!]}` : TYPE_NAMES[expected.type];
    return `the setting ${key} is stored as ${describe(t)} where llama.cpp requires ${want}${expected.perLayer === true ? ' (or one per layer)' : ''}`;
  }
  return null;
}
