import fs from 'node:fs';
import path from 'node:path';
import { ScholiumError } from '../../../contract/index.js';
import { f32Tensor, gguf, type GgufTensor } from '../gguf/ggufWriter.js';
import { writeLoraAdapter } from '../gguf/loraWriter.js';
import { SafetensorsFile } from './safetensors.js';

/** Hugging Face module names of Llama-, Qwen- and Gemma-family decoders → llama.cpp tensor names. */
const MODULES: Record<string, string> = {
  q_proj: 'attn_q',
  k_proj: 'attn_k',
  v_proj: 'attn_v',
  o_proj: 'attn_output',
  gate_proj: 'ffn_gate',
  up_proj: 'ffn_up',
  down_proj: 'ffn_down',
};
const LAYER =
  /^(?:base_model\.model\.)?(?:model\.)?(?:language_model\.)?(?:model\.)?layers\.(\d+)\.(?:self_attn|mlp)\.(\w+)\.lora_([AB])(?:\.default)?\.weight$/;
const HEAD = /^(?:base_model\.model\.)?lm_head\.lora_([AB])(?:\.default)?\.weight$/;

interface PeftConfig {
  peft_type?: string;
  r?: number;
  lora_alpha?: number;
  use_rslora?: boolean;
  use_dora?: boolean;
  alpha_pattern?: Record<string, number>;
  base_model_name_or_path?: string;
}

export interface PeftPair {
  /** llama.cpp base tensor, e.g. blk.3.attn_q.weight. */
  tensor: string;
  /** The PEFT module path, to match alpha_pattern keys. */
  module: string;
  a: string;
  b: string;
  inDim: number;
  outDim: number;
  rank: number;
}

export interface PeftAdapter {
  dir: string;
  config: PeftConfig;
  alpha: number;
  pairs: PeftPair[];
  baseModel: string | null;
}

export interface PeftBase {
  architecture: string;
  /** Attention heads and key/value heads: Llama's converter reorders q/k rows for its rotary layout. */
  headCount: number;
  headCountKv: number;
}

function refuse(dir: string, problem: string): never {
  throw new ScholiumError('INVALID_MODEL', `The folder ${dir} cannot be imported as a LoRA adapter: ${problem}`);
}

export function isPeftFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'adapter_config.json'));
}

/** Reads adapter_config.json and pairs up the lora_A / lora_B tensors of adapter_model.safetensors. */
export function readPeftAdapter(dir: string): PeftAdapter {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'adapter_config.json'), 'utf8')) as PeftConfig;
  if (config.peft_type !== undefined && config.peft_type !== 'LORA')
    refuse(dir, `it is a ${config.peft_type} adapter; only LoRA adapters are supported.`);
  if (config.use_dora === true) refuse(dir, 'it is a DoRA adapter, which llama.cpp cannot apply.');
  if (typeof config.lora_alpha !== 'number' || typeof config.r !== 'number')
    refuse(dir, 'adapter_config.json gives no lora_alpha or r.');
  const weightsFile = path.join(dir, 'adapter_model.safetensors');
  if (!fs.existsSync(weightsFile))
    refuse(dir, 'it has no adapter_model.safetensors (older .bin adapters must be re-saved with safe_serialization).');
  const weights = SafetensorsFile.open(weightsFile);
  try {
    const halves = new Map<string, { module: string; a?: string; b?: string }>();
    for (const name of weights.tensors.keys()) {
      const layer = LAYER.exec(name);
      const head = HEAD.exec(name);
      let tensor: string;
      let module: string;
      let side: string;
      if (layer !== null) {
        const mapped = MODULES[layer[2]!];
        if (mapped === undefined) refuse(dir, `it adapts the module ${layer[2]}, which this importer does not know.`);
        tensor = `blk.${layer[1]}.${mapped}.weight`;
        module = `layers.${layer[1]}.${layer[2]}`;
        side = layer[3]!;
      } else if (head !== null) {
        tensor = 'output.weight';
        module = 'lm_head';
        side = head[1]!;
      } else if (/lora_embedding_[AB]|embed_tokens/.test(name)) {
        refuse(
          dir,
          'it changes the token embeddings (new tokens were added in training), which a LoRA GGUF cannot carry.',
        );
      } else refuse(dir, `it contains ${name}, which is not a LoRA weight of a Llama, Qwen or Gemma model.`);
      const entry = halves.get(tensor) ?? { module };
      if (side === 'A') entry.a = name;
      else entry.b = name;
      halves.set(tensor, entry);
    }
    const pairs: PeftPair[] = [];
    for (const [tensor, h] of halves) {
      if (h.a === undefined || h.b === undefined)
        refuse(dir, `the weights for ${h.module} are incomplete (lora_A and lora_B must both be present).`);
      const [rank, inDim] = weights.tensors.get(h.a)!.shape as [number, number];
      const [outDim, rankB] = weights.tensors.get(h.b)!.shape as [number, number];
      if (rank !== rankB) refuse(dir, `${h.module} has rank ${rank} in lora_A but ${rankB} in lora_B.`);
      pairs.push({ tensor, module: h.module, a: h.a, b: h.b, inDim, outDim, rank });
    }
    if (pairs.length === 0) refuse(dir, 'adapter_model.safetensors holds no LoRA weights.');
    return { dir, config, alpha: config.lora_alpha, pairs, baseModel: config.base_model_name_or_path ?? null };
  } finally {
    weights.close();
  }
}

/**
 * The row order llama.cpp's Llama converter gives q/k weights (LlamaModel.permute):
 * within each head, the two rotary halves are interleaved. LoRA's B matrix
 * produces those rows, so it is reordered the same way.
 */
export function permuteRows(b: Float32Array, rows: number, cols: number, heads: number): Float32Array {
  const half = rows / heads / 2;
  const out = new Float32Array(b.length);
  for (let h = 0; h < heads; h++)
    for (let j = 0; j < 2; j++)
      for (let i = 0; i < half; i++) {
        const from = h * 2 * half + j * half + i;
        const to = h * 2 * half + i * 2 + j;
        out.set(b.subarray(from * cols, (from + 1) * cols), to * cols);
      }
  return out;
}

/**
 * Writes a PEFT LoRA as a llama.cpp LoRA GGUF (convert_lora_to_gguf.py's
 * layout): lora_a [in, r] and lora_b [r, out] are PEFT's A (r×in) and B (out×r)
 * bytes as they are; alpha is kept, and rsLoRA or per-module alphas are folded
 * into B so llama.cpp's scale·alpha/r gives the trained scaling.
 */
export function writePeftAsGguf(peft: PeftAdapter, outFile: string, base: PeftBase, name: string): void {
  const weights = SafetensorsFile.open(path.join(peft.dir, 'adapter_model.safetensors'));
  try {
    const tensors: GgufTensor[] = [];
    for (const p of peft.pairs) {
      const alpha =
        Object.entries(peft.config.alpha_pattern ?? {}).find(([key]) => p.module.endsWith(key))?.[1] ?? peft.alpha;
      const trained = peft.config.use_rslora === true ? alpha / Math.sqrt(p.rank) : alpha / p.rank;
      const factor = trained / (peft.alpha / p.rank);
      let b = weights.readFloat32(p.b);
      if (factor !== 1) b = b.map((x) => x * factor);
      if (base.architecture === 'llama' && (p.tensor.endsWith('attn_q.weight') || p.tensor.endsWith('attn_k.weight'))) {
        b = permuteRows(b, p.outDim, p.rank, p.tensor.endsWith('attn_q.weight') ? base.headCount : base.headCountKv);
      }
      tensors.push(
        f32Tensor(`${p.tensor}.lora_a`, [p.inDim, p.rank], weights.readFloat32(p.a)),
        f32Tensor(`${p.tensor}.lora_b`, [p.rank, p.outDim], b),
      );
    }
    writeLoraAdapter(outFile, {
      architecture: base.architecture,
      alpha: peft.alpha,
      name,
      tensors,
      extra: peft.baseModel === null ? [] : [['general.base_model.0.name', gguf.str(peft.baseModel)]],
    });
  } finally {
    weights.close();
  }
}
