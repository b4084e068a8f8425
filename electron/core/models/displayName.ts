/**
 * The name a model is shown by. A GGUF's general.name is often the converter's echo of a training folder ("Smollm2
 * 135M 8k Lc100K Mix1 Ep2"), while the file is usually named as the model is published ("SmolLM2-135M-Instruct.Q4_1");
 * the file's name wins when it names the same model, the metadata's when the file is named generically ("model.gguf").
 */
export interface NameFacts {
  /** general.name */
  name: string | null;
  /** general.basename: the family, e.g. "smollm2", "gemma-3". */
  basename: string | null;
  /** general.size_label, e.g. "135M". */
  sizeLabel: string | null;
}

/** Quantization and precision suffixes of published GGUF file names: Q4_K_M, IQ3_XS, Q8_0, F16, BF16, fp32… */
const QUANT_SUFFIX = /[-._ ](?:i?q\d+(?:_[a-z0-9]+)*|bf16|f16|f32|fp16|fp32)$/i;

/** Letters and digits only, lower case: "Gemma 3 270m" and "gemma-3-270m" are the same words. */
const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The file's name without folder, extension and quantization suffix. */
export function fileStem(file: string): string {
  let stem = file.replace(/^.*[\\/]/, '').replace(/\.gguf$/i, '');
  while (QUANT_SUFFIX.test(stem)) stem = stem.replace(QUANT_SUFFIX, '');
  return stem.trim();
}

/** The size label written as published ("270m" → "270M"), where the name spells it in another case. */
function withSizeLabel(name: string, sizeLabel: string | null): string {
  if (sizeLabel === null || sizeLabel === '') return name;
  const escaped = sizeLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return name.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i'), sizeLabel);
}

export function displayName(facts: NameFacts, file: string): string {
  const stem = fileStem(file);
  const name = facts.name?.trim() || null;
  if (name === null) return stem || 'model';
  if (stem === '') return withSizeLabel(name, facts.sizeLabel);
  // The same words: the spelling that carries capitals was chosen by a person.
  if (squash(stem) === squash(name)) return /[A-Z]/.test(stem) ? stem : withSizeLabel(name, facts.sizeLabel);
  // A file named for its family says which variant it is; a generic one ("model", "ggml-model") does not.
  const family = squash(facts.basename ?? name.split(/\s+/)[0] ?? '');
  if (family !== '' && squash(stem).includes(family)) return stem;
  return withSizeLabel(name, facts.sizeLabel);
}
