import os from 'node:os';
import { GgufFileType, GgufInsights } from 'node-llama-cpp';
import type { ModelRole } from '../../contract/ops/models.js';
import { ggmlTypeName } from './gguf/ggmlTypes.js';
import { metaNumber, metaString, readCheckedGguf, type CheckedGguf } from './gguf/ggufReader.js';
import { displayName } from './displayName.js';
import { architectureOf, checkModel } from './modelCheck.js';

/** Context the runtime gives a chat model unless asked otherwise (and what memory is estimated for). */
export const DEFAULT_CONTEXT_TOKENS = 4096;

/** Architectures that only encode (no text generation): embedders and cross-encoders. */
const ENCODER_ONLY = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'modern-bert',
  'neo-bert',
  'eurobert',
  't5encoder',
]);

export interface ModelFacts {
  name: string;
  architecture: string;
  parameters: number;
  quantization: string;
  contextLength: number;
  embeddingLength: number;
  chatTemplate: boolean;
  canRank: boolean;
  /**
   * Roles the file can serve: a classifier head → reranker; an encoder, or a decoder that declares how it pools its
   * tokens into one vector (an embedding model such as Qwen3-Embedding) → embedding; any other decoder → chat. A chat
   * model's pooled states make a poor embedder, so it is not offered as one.
   */
  roles: ModelRole[];
  sizeBytes: number;
  /** RAM needed to load it with a context of min(its context, DEFAULT_CONTEXT_TOKENS). */
  memoryNeedBytes: number;
  /** Shapes of its 2-D tensors, to check adapters against without reading the file again. */
  tensors: Record<string, number[]>;
}

export function formatParameters(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

function quantization(g: CheckedGguf, insights: GgufInsights): string {
  const fileType = metaNumber(g, 'general.file_type');
  const named = fileType === null ? undefined : (GgufFileType as unknown as Record<number, string>)[fileType];
  if (named !== undefined) return named.replace(/^(MOSTLY_|ALL_)/, '');
  const dominant = insights.dominantTensorType;
  return dominant === undefined ? 'unknown' : ggmlTypeName(dominant);
}

/** Reads, validates and describes a model file; throws INVALID_MODEL with the reason when it is unusable. */
export async function inspectModel(file: string): Promise<ModelFacts> {
  const g = await readCheckedGguf(file);
  checkModel(g);
  const architecture = architectureOf(g);
  const insights = await GgufInsights.from(g.info);
  const contextLength = metaNumber(g, `${architecture}.context_length`)!;
  // llama.cpp's pooling types: 0 none, 1 mean, 2 CLS, 3 last token, 4 rank.
  const embeds = ENCODER_ONLY.has(architecture) || (metaNumber(g, `${architecture}.pooling_type`) ?? 0) > 0;
  const canRank = insights.supportsRanking;
  const roles: ModelRole[] = canRank ? ['reranker'] : embeds ? ['embedding'] : ['chat'];
  const contextSize = Math.min(contextLength, DEFAULT_CONTEXT_TOKENS);
  const memoryNeedBytes =
    insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam +
    insights.estimateContextResourceRequirements({
      contextSize,
      modelGpuLayers: 0,
      isEmbeddingContext: !roles.includes('chat'),
    }).cpuRam;
  const tensors: Record<string, number[]> = {};
  for (const t of g.tensors) if (t.dims.length === 2) tensors[t.name] = t.dims;
  return {
    name: displayName(
      {
        name: metaString(g, 'general.name'),
        basename: metaString(g, 'general.basename'),
        sizeLabel: metaString(g, 'general.size_label'),
      },
      file,
    ),
    architecture,
    parameters: insights.totalParameters,
    quantization: quantization(g, insights),
    contextLength,
    embeddingLength: metaNumber(g, `${architecture}.embedding_length`)!,
    chatTemplate: metaString(g, 'tokenizer.chat_template') !== null,
    canRank,
    roles,
    sizeBytes: g.sizeBytes,
    memoryNeedBytes: Math.round(memoryNeedBytes),
    tensors,
  };
}

export interface MemoryVerdict {
  needBytes: number;
  freeBytes: number;
  fits: boolean;
  note: string;
}

/** Compares what a model needs with the memory free right now, in words. */
export function memoryVerdict(needBytes: number, freeBytes = os.freemem()): MemoryVerdict {
  const gib = (n: number): string =>
    n < 1024 ** 3 ? `${Math.max(1, Math.round(n / 1024 ** 2))} MiB` : `${(n / 1024 ** 3).toFixed(1)} GiB`;
  const fits = needBytes < freeBytes * 0.9;
  const note = fits
    ? `Needs about ${gib(needBytes)} of memory; ${gib(freeBytes)} is free.`
    : `Needs about ${gib(needBytes)} of memory but only ${gib(freeBytes)} is free: close other programs or choose a smaller model.`;
  return { needBytes, freeBytes, fits, note };
}
