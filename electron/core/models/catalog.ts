import fs from 'node:fs';
import path from 'node:path';
import type { AdapterInfo, ModelInfo } from '../../contract/ops/models.js';
import { ScholiumError } from '../../contract/index.js';
import { compatibility, inspectAdapter } from './adapterCheck.js';
import { isPeftFolder, readPeftAdapter, writePeftAsGguf, type PeftAdapter } from './convert/peftAdapter.js';
import { convertOffThread } from './convert/conversionProcess.js';
import { DEFAULT_PRECISION, isSentenceTransformersFolder } from './convert/sentenceTransformers.js';
import type { WeightPrecision } from '../../contract/ops/models.js';
import { metaNumber, readCheckedGguf } from './gguf/ggufReader.js';
import { formatParameters, inspectModel, memoryVerdict } from './modelFacts.js';
import { libraryFolder, type AdapterRecord, type ModelRecord, type ModelRegistry } from './registry.js';

export interface AddOptions {
  copy: boolean;
  name?: string;
  /** For long additions (a conversion): cancel, and progress as steps done of a total. */
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
  /** For a sentence-transformers folder: the precision of its converted weights (default Q8_0). */
  precision?: WeightPrecision;
}

function isFolder(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).isDirectory();
}

/**
 * Writes a converted file through a temporary name, then checks it like any added file; nothing is left behind on
 * failure.
 */
async function convertInto<T>(
  target: string,
  write: (file: string) => void | Promise<void>,
  check: (file: string) => Promise<T>,
): Promise<T> {
  const partial = `${target}.partial`;
  try {
    await write(partial);
    const facts = await check(partial);
    fs.renameSync(partial, target);
    return facts;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Copies through a temporary name so a half-copied file is never registered. */
function copyInto(source: string, target: string): void {
  const partial = `${target}.partial`;
  fs.copyFileSync(source, partial);
  fs.renameSync(partial, target);
}

/**
 * Adding and describing models and adapters: every file is validated before
 * it is registered, and described for the UI (memory against what is free
 * now, adapter fit against every registered model).
 */
export class Catalog {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly libraryDir: string,
  ) {}

  async addModel(source: string, options: AddOptions): Promise<ModelRecord> {
    const file = path.resolve(source);
    if (isFolder(file)) return this.addSentenceTransformers(file, options);
    this.registry.assertNewFile(file, 'model');
    const facts = await inspectModel(file);
    const name = options.name ?? facts.name;
    const id = this.registry.newModelId(name);
    let stored = file;
    if (options.copy) {
      stored = path.join(libraryFolder(this.libraryDir, 'models'), `${id}.gguf`);
      copyInto(file, stored);
    }
    const { tensors, ...rest } = facts;
    return this.registry.insertModel(
      {
        ...rest,
        id,
        name,
        file: stored,
        stored: options.copy,
        source: 'gguf',
        addedAt: new Date().toISOString(),
        remote: null,
      },
      tensors,
    );
  }

  /** A sentence-transformers folder, converted to a GGUF embedding model kept in the library. */
  private async addSentenceTransformers(dir: string, options: AddOptions): Promise<ModelRecord> {
    if (!isSentenceTransformersFolder(dir)) {
      throw new ScholiumError(
        'INVALID_MODEL',
        `The folder ${dir} is not a model: give a .gguf file, or a sentence-transformers folder (config.json and model.safetensors).`,
      );
    }
    const name = options.name ?? path.basename(dir);
    const id = this.registry.newModelId(name);
    const file = path.join(libraryFolder(this.libraryDir, 'models'), `${id}.gguf`);
    const facts = await convertInto(
      file,
      (out) =>
        convertOffThread(
          { dir, outFile: out, name, precision: options.precision ?? DEFAULT_PRECISION },
          {
            signal: options.signal,
            onProgress: (done, total) =>
              options.progress?.(done, total, `Converting ${name} to GGUF: tensor ${done} of ${total}`),
          },
        ),
      inspectModel,
    );
    const { tensors, ...rest } = facts;
    return this.registry.insertModel(
      {
        ...rest,
        name,
        id,
        file,
        stored: true,
        source: 'sentence-transformers',
        addedAt: new Date().toISOString(),
        remote: null,
      },
      tensors,
    );
  }

  /**
   * A downloaded file: checked like any added file, then moved into the library under its id (removed if it is
   * unusable).
   */
  async addDownloaded(download: string, options: { name?: string }): Promise<ModelRecord> {
    let facts;
    try {
      facts = await inspectModel(download);
    } catch (error) {
      fs.rmSync(download, { force: true });
      throw error;
    }
    const name = options.name ?? facts.name;
    const id = this.registry.newModelId(name);
    const file = path.join(libraryFolder(this.libraryDir, 'models'), `${id}.gguf`);
    fs.renameSync(download, file);
    const { tensors, ...rest } = facts;
    return this.registry.insertModel(
      { ...rest, id, name, file, stored: true, source: 'gguf', addedAt: new Date().toISOString(), remote: null },
      tensors,
    );
  }

  /**
   * The registered model a PEFT adapter was trained on: the one whose layers have exactly the adapted shapes (the chat
   * default first).
   */
  private async peftBase(peft: PeftAdapter): Promise<{ architecture: string; headCount: number; headCountKv: number }> {
    const chat = this.registry.defaults().chat;
    const candidates = this.registry.listModels().sort((a, b) => Number(b.id === chat) - Number(a.id === chat));
    for (const model of candidates) {
      const shape = this.registry.baseShape(model);
      if (
        !peft.pairs.every((p) => shape.tensors[p.tensor]?.[0] === p.inDim && shape.tensors[p.tensor]?.[1] === p.outDim)
      )
        continue;
      const header = await readCheckedGguf(model.file);
      const heads = metaNumber(header, `${model.architecture}.attention.head_count`) ?? 1;
      return {
        architecture: model.architecture,
        headCount: heads,
        headCountKv: metaNumber(header, `${model.architecture}.attention.head_count_kv`) ?? heads,
      };
    }
    throw new ScholiumError(
      'INVALID_MODEL',
      `None of the registered models has the layers this adapter changes${peft.baseModel === null ? '' : ` (it was trained on ${peft.baseModel})`}. Add its base model as a GGUF first, then add the adapter again.`,
    );
  }

  /** A PEFT folder, converted to a GGUF LoRA for the registered model it fits and kept in the library. */
  private async addPeft(dir: string, options: AddOptions): Promise<AdapterRecord> {
    const peft = readPeftAdapter(dir);
    const base = await this.peftBase(peft);
    const name = options.name ?? path.basename(dir);
    const id = this.registry.newAdapterId(name);
    const file = path.join(libraryFolder(this.libraryDir, 'adapters'), `${id}.gguf`);
    const facts = await convertInto(file, (out) => writePeftAsGguf(peft, out, base, name), inspectAdapter);
    return this.registry.insertAdapter({
      ...facts,
      id,
      name,
      file,
      stored: true,
      source: 'peft',
      sizeBytes: fs.statSync(file).size,
      addedAt: new Date().toISOString(),
    });
  }

  async addAdapter(source: string, options: AddOptions): Promise<AdapterRecord> {
    const file = path.resolve(source);
    if (isFolder(file)) {
      if (!isPeftFolder(file))
        throw new ScholiumError(
          'INVALID_MODEL',
          `The folder ${file} is not a PEFT adapter (it has no adapter_config.json).`,
        );
      return this.addPeft(file, options);
    }
    this.registry.assertNewFile(file, 'adapter');
    const facts = await inspectAdapter(file);
    const name = options.name ?? facts.name ?? path.basename(file).replace(/\.gguf$/i, '');
    const id = this.registry.newAdapterId(name);
    let stored = file;
    if (options.copy) {
      stored = path.join(libraryFolder(this.libraryDir, 'adapters'), `${id}.gguf`);
      copyInto(file, stored);
    }
    return this.registry.insertAdapter({
      ...facts,
      id,
      name,
      file: stored,
      stored: options.copy,
      source: 'gguf',
      sizeBytes: fs.statSync(stored).size,
      addedAt: new Date().toISOString(),
    });
  }

  modelInfo(m: ModelRecord): ModelInfo {
    const defaults = this.registry.defaults();
    return {
      modelId: m.id,
      name: m.name,
      file: m.file,
      stored: m.stored,
      source: m.source,
      server: null,
      architecture: m.architecture,
      parameters: formatParameters(m.parameters),
      parameterCount: m.parameters,
      quantization: m.quantization,
      contextLength: m.contextLength,
      embeddingLength: m.embeddingLength,
      chatTemplate: m.chatTemplate,
      canRank: m.canRank,
      sizeBytes: m.sizeBytes,
      roles: m.roles,
      defaultFor: (['chat', 'embedding', 'reranker'] as const).filter((r) => defaults[r] === m.id),
      memory: memoryVerdict(m.memoryNeedBytes),
      addedAt: m.addedAt,
    };
  }

  adapterInfo(a: AdapterRecord): AdapterInfo {
    return {
      adapterId: a.id,
      name: a.name,
      file: a.file,
      stored: a.stored,
      source: a.source,
      architecture: a.architecture,
      rank: a.rank,
      alpha: a.alpha,
      targets: a.targets.length,
      sizeBytes: a.sizeBytes,
      compatibility: this.registry
        .listModels()
        .map((m) => ({ modelId: m.id, ...compatibility(a, this.registry.baseShape(m)) })),
      addedAt: a.addedAt,
    };
  }
}
