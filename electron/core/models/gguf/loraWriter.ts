import { gguf, writeGguf, type GgufTensor, type GgufValue } from './ggufWriter.js';

export interface LoraAdapterSpec {
  /** Architecture of the base model the adapter was trained on (general.architecture). */
  architecture: string;
  /** lora_alpha: the effective scale of each pair is scale · alpha / rank. */
  alpha: number;
  name: string;
  /** `<base tensor>.lora_a` [in, r] and `<base tensor>.lora_b` [r, out] pairs. */
  tensors: readonly GgufTensor[];
  extra?: ReadonlyArray<readonly [string, GgufValue]>;
}

/** Writes a llama.cpp LoRA adapter GGUF (the layout convert_lora_to_gguf.py writes). */
export function writeLoraAdapter(file: string, spec: LoraAdapterSpec): void {
  writeGguf(
    file,
    [
      ['general.architecture', gguf.str(spec.architecture)],
      ['general.type', gguf.str('adapter')],
      ['general.name', gguf.str(spec.name)],
      ['adapter.type', gguf.str('lora')],
      ['adapter.lora.alpha', gguf.f32(spec.alpha)],
      ...(spec.extra ?? []),
    ],
    spec.tensors,
  );
}
