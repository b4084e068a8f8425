import path from 'node:path';
import { ScholiumError } from '../../contract/index.js';
import { metaNumber, metaString, readCheckedGguf, type CheckedGguf } from './gguf/ggufReader.js';

export interface LoraTarget {
  /** The base model tensor the pair changes. */
  tensor: string;
  inDim: number;
  outDim: number;
  rank: number;
}

export interface AdapterFacts {
  architecture: string;
  name: string | null;
  /** lora_alpha; 0 when the file gives none (llama.cpp then applies the scale as is). */
  alpha: number;
  /** Largest rank of its pairs. */
  rank: number;
  targets: LoraTarget[];
}

/** What a compatibility check needs to know of a base model. */
export interface BaseShape {
  name: string;
  architecture: string;
  tensors: Record<string, number[]>;
}

function refuse(g: CheckedGguf, problem: string): never {
  throw new ScholiumError('INVALID_MODEL', `${path.basename(g.file)} cannot be used as a LoRA adapter: ${problem}`);
}

/** Reads a LoRA GGUF's pairs and checks each is a consistent low-rank update. */
export function adapterFacts(g: CheckedGguf): AdapterFacts {
  if (metaString(g, 'general.type') !== 'adapter')
    refuse(
      g,
      'it is a model, not an adapter (its general.type is not "adapter"). Add it as a model instead: Models → Add model, or "scholium models add".',
    );
  const kind = metaString(g, 'adapter.type');
  if (kind !== 'lora') refuse(g, `it is a ${kind ?? 'unknown'} adapter; only LoRA adapters are supported.`);
  const architecture = metaString(g, 'general.architecture');
  if (architecture === null) refuse(g, 'it does not say which architecture it was trained for (general.architecture).');
  const byName = new Map(g.tensors.map((t) => [t.name, t]));
  const targets: LoraTarget[] = [];
  for (const t of g.tensors) {
    if (t.name.endsWith('.lora_b')) {
      if (!byName.has(t.name.replace(/\.lora_b$/, '.lora_a'))) refuse(g, `${t.name} has no matching lora_a tensor.`);
      continue;
    }
    if (!t.name.endsWith('.lora_a'))
      refuse(g, `tensor ${t.name} is not part of a LoRA pair (names end in .lora_a / .lora_b).`);
    const tensor = t.name.replace(/\.lora_a$/, '');
    const b = byName.get(`${tensor}.lora_b`);
    if (b === undefined) refuse(g, `${t.name} has no matching lora_b tensor.`);
    if (t.dims.length !== 2 || b.dims.length !== 2) refuse(g, `the pair for ${tensor} is not a pair of matrices.`);
    const [inDim, rank] = t.dims as [number, number];
    const [rankB, outDim] = b.dims as [number, number];
    if (rank !== rankB) refuse(g, `the pair for ${tensor} has rank ${rank} in lora_a but ${rankB} in lora_b.`);
    targets.push({ tensor, inDim, outDim, rank });
  }
  if (targets.length === 0) refuse(g, 'it contains no LoRA tensors.');
  return {
    architecture,
    name: metaString(g, 'general.name'),
    alpha: metaNumber(g, 'adapter.lora.alpha') ?? 0,
    rank: Math.max(...targets.map((t) => t.rank)),
    targets,
  };
}

/**
 * Whether an adapter fits a base model: the same architecture and, for every
 * tensor it changes, a base tensor of exactly that shape. The reason is a
 * sentence for the researcher, not a tensor dump.
 */
export function compatibility(adapter: AdapterFacts, base: BaseShape): { compatible: boolean; reason: string | null } {
  if (adapter.architecture !== base.architecture) {
    return {
      compatible: false,
      reason: `This adapter was trained for a ${adapter.architecture} model, but ${base.name} is a ${base.architecture} model; adapters only work on the model family they were trained on.`,
    };
  }
  const missing = adapter.targets.filter((t) => base.tensors[t.tensor] === undefined);
  if (missing.length > 0) {
    return {
      compatible: false,
      reason: `This adapter changes ${missing.length === 1 ? 'a layer' : `${missing.length} layers`} (${missing
        .slice(0, 3)
        .map((t) => t.tensor)
        .join(
          ', ',
        )}${missing.length > 3 ? ', …' : ''}) that ${base.name} does not have; it was trained on a differently built model.`,
    };
  }
  const wrong = adapter.targets.find((t) => {
    const dims = base.tensors[t.tensor]!;
    return dims.length !== 2 || dims[0] !== t.inDim || dims[1] !== t.outDim;
  });
  if (wrong !== undefined) {
    const dims = base.tensors[wrong.tensor]!;
    return {
      compatible: false,
      reason: `This adapter was trained on a model of a different size: it expects ${wrong.tensor} to be ${wrong.inDim}×${wrong.outDim}, but in ${base.name} it is ${dims.join('×')}.`,
    };
  }
  return { compatible: true, reason: null };
}

/** Reads and checks a LoRA GGUF file. */
export async function inspectAdapter(file: string): Promise<AdapterFacts> {
  return adapterFacts(await readCheckedGguf(file));
}
