import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type {
  AdapterInfo,
  GenerationSettings,
  ModelInfo,
  ModelRole,
  WeightPrecision,
} from '../../contract/ops/models.js';
import { ModelRoleSchema, WeightPrecisionSchema } from '../../contract/ops/models.js';
import { ScholiumError } from '../../contract/index.js';
import { isDownloadSource, type Core } from '../../core/index.js';
import { formatBytes, unwrap, type OutputOptions } from '../output.js';
import { withCore, type Globals } from '../withCore.js';
import { followJob } from './import.js';
import { registerServerCommands } from './servers.js';

function describeModel(m: ModelInfo): string {
  const defaults = m.defaultFor.length > 0 ? `  [default ${m.defaultFor.join(', ')}]` : '';
  return [
    `${m.modelId}${defaults}`,
    `  ${m.name}: ${m.architecture}, ${m.parameters} parameters, ${m.quantization}, context ${m.contextLength}, ${formatBytes(m.sizeBytes)}`,
    `  roles: ${m.roles.join(', ')}${m.chatTemplate ? '; has a chat template' : ''}${m.canRank ? '; can rerank' : ''}`,
    `  ${m.memory.note}`,
    m.server === null
      ? `  ${m.stored ? 'stored in the library' : 'used in place'}: ${m.file}`
      : `  runs on the model server ${m.server.name} (${m.server.url}) as "${m.server.model}"`,
  ].join('\n');
}

function describeAdapter(a: AdapterInfo): string {
  const fits = a.compatibility.filter((c) => c.compatible).map((c) => c.modelId);
  const misfits = a.compatibility.filter((c) => !c.compatible);
  return [
    `${a.adapterId}`,
    `  ${a.name}: LoRA for ${a.architecture}, rank ${a.rank}, alpha ${a.alpha}, ${a.targets} matrices${a.source === 'peft' ? ', converted from PEFT' : ''}`,
    `  fits: ${fits.length > 0 ? fits.join(', ') : 'no registered model'}`,
    ...misfits.map((c) => `  not ${c.modelId}: ${c.reason}`),
    `  ${a.stored ? 'stored in the library' : 'used in place'}: ${a.file}`,
  ].join('\n');
}

/** A download or a conversion as a job with a progress bar (Ctrl-C cancels it), then the model it added. */
async function addByJob(
  core: Core,
  source: string,
  opts: { sha256?: string; name?: string; precision?: WeightPrecision },
  output: OutputOptions,
): Promise<ModelInfo> {
  const download = isDownloadSource(source);
  const { jobId } = download
    ? unwrap(await core.invoke('models.download', { source, sha256: opts.sha256, name: opts.name }))
    : unwrap(await core.invoke('models.convert', { path: source, name: opts.name, precision: opts.precision }));
  const job = await followJob(core, jobId, output, download ? 'Downloading' : 'Converting');
  if (job.state === 'cancelled' && download)
    throw new ScholiumError(
      'CANCELLED',
      'The download was cancelled; what was received is kept, so the same command resumes it.',
    );
  const info = unwrap(await core.invoke('models.added', { jobId }));
  if (download && !output.json) process.stderr.write(`${job.message}\n`);
  return info;
}

function isFolder(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
}

function parseRole(value: string): ModelRole {
  const parsed = ModelRoleSchema.safeParse(value);
  if (!parsed.success)
    throw new ScholiumError(
      'INVALID_REQUEST',
      `The role must be one of: ${ModelRoleSchema.options.join(', ')} (got "${value}")`,
    );
  return parsed.data;
}

/** A number option, or "auto" for Scholium's choice (commander takes a parser's null for no value, so it stays a word). */
function numberOrAuto(value: string): number | 'auto' {
  if (value === 'auto') return value;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ScholiumError('INVALID_REQUEST', `Give a number or "auto" (got "${value}").`);
  return n;
}

type Auto = number | 'auto';
const orNull = (value: Auto): number | null => (value === 'auto' ? null : value);

function describeGeneration(g: GenerationSettings): string {
  return [
    `temperature: ${g.temperature}${g.temperature === 0 ? ' (the likeliest word every time)' : ''}`,
    `longest answer: ${g.maxAnswerTokens === null ? 'fitted to the question (auto)' : `${g.maxAnswerTokens} tokens`}`,
    `repeat penalty: ${g.repeatPenalty === null ? '1.1 (auto)' : g.repeatPenalty === 1 ? '1 (off)' : g.repeatPenalty}`,
    `context: ${g.contextTokens === null ? '4096 tokens (auto)' : `${g.contextTokens} tokens`}, capped by each model's own`,
  ].join('\n');
}

export function registerModelCommands(program: Command, globals: Globals): void {
  const models = program.command('models').description('GGUF chat, embedding and reranking models');
  models
    .command('add <source>')
    .description(
      'register a GGUF model file (checked first), convert a sentence-transformers folder to GGUF, or download a GGUF ' +
        '(hf:<user>/<repo>/<file.gguf>, hf:<user>/<repo>:<quant>, https://…/<file.gguf>; resumable, checksum-checked)',
    )
    .option('--copy', 'copy the file into the library instead of using it where it is')
    .option('--name <name>', 'display name (default: from the file)')
    .option('--sha256 <hex>', 'for a download: the SHA-256 the file must have')
    .addOption(
      new Option('--precision <type>', 'for a sentence-transformers folder: the weights’ precision')
        .choices(WeightPrecisionSchema.options)
        .default('q8_0'),
    )
    .action((source: string, opts: { copy?: boolean; name?: string; sha256?: string; precision?: WeightPrecision }) =>
      withCore(
        globals,
        async (core) =>
          isDownloadSource(source) || isFolder(source)
            ? addByJob(core, source, opts, globals().output)
            : unwrap(await core.invoke('models.add', { path: source, copy: opts.copy === true, name: opts.name })),
        (m) => `Added ${describeModel(m)}`,
      ),
    );
  models
    .command('list')
    .description('registered models, their facts and whether they fit in memory')
    .action(() =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('models.list', {})),
        (list) =>
          list.length === 0
            ? 'No models registered. Add one with "scholium models add <file.gguf>".'
            : list.map(describeModel).join('\n\n'),
      ),
    );
  models
    .command('rename <modelId> <name>')
    .description('show a model by another name (its id stays, so defaults and past answers still refer to it)')
    .action((modelId: string, name: string) =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('models.rename', { modelId, name })),
        (m) => `${m.modelId} is now shown as "${m.name}".`,
      ),
    );
  models
    .command('remove <modelId>')
    .description('forget a model (its file is deleted only if the library holds a copy)')
    .action((modelId: string) =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('models.remove', { modelId })),
        () => `Removed ${modelId}.`,
      ),
    );
  models
    .command('default [role] [modelId]')
    .description('show the default models, or set the default for a role (chat, embedding, reranker); "none" clears it')
    .action((role: string | undefined, modelId: string | undefined) =>
      withCore(
        globals,
        async (core) => {
          if (role === undefined) return unwrap(await core.invoke('models.defaults', {}));
          if (modelId === undefined)
            throw new ScholiumError(
              'INVALID_REQUEST',
              `Give the id of the model to make the ${role} default, or "none".`,
            );
          const chosen = parseRole(role);
          const defaults = unwrap(
            await core.invoke('models.setDefault', { role: chosen, modelId: modelId === 'none' ? null : modelId }),
          );
          if (chosen !== 'embedding') return defaults;
          // A new embedding model re-embeds the library; this process is its only host, so see it through.
          const { jobId } = unwrap(await core.invoke('library.embeddingStatus', {}));
          if (jobId !== null && (await followJob(core, jobId, globals().output, 'Embedding')).state !== 'done') {
            process.stderr.write(
              'scholium: embedding stopped before the end; run the same command again to finish it (passages already embedded are kept).\n',
            );
            process.exitCode = 1;
          }
          return defaults;
        },
        (d) => (['chat', 'embedding', 'reranker'] as const).map((r) => `${r}: ${d[r] ?? '(none)'}`).join('\n'),
      ),
    );

  models
    .command('settings')
    .description('show or change how Ask generates answers (kept in the library); "auto" leaves a value to Scholium')
    .option('--temperature <t>', '0 (the likeliest word every time) to 2 (more varied)', Number)
    .option('--max-tokens <n|auto>', 'the longest answer in tokens (auto: fitted to the question)', numberOrAuto)
    .option('--repeat-penalty <p|auto>', 'hold back words already written: 1 (off) to 2 (auto: 1.1)', numberOrAuto)
    .option('--context <n|auto>', 'tokens a chat model reads and writes at once (auto: 4096)', numberOrAuto)
    .action((opts: { temperature?: number; maxTokens?: Auto; repeatPenalty?: Auto; context?: Auto }) =>
      withCore(
        globals,
        async (core) => {
          const change = {
            ...(opts.temperature === undefined ? {} : { temperature: opts.temperature }),
            ...(opts.maxTokens === undefined ? {} : { maxAnswerTokens: orNull(opts.maxTokens) }),
            ...(opts.repeatPenalty === undefined ? {} : { repeatPenalty: orNull(opts.repeatPenalty) }),
            ...(opts.context === undefined ? {} : { contextTokens: orNull(opts.context) }),
          };
          return Object.keys(change).length === 0
            ? unwrap(await core.invoke('models.generationSettings', {}))
            : unwrap(await core.invoke('models.setGenerationSettings', change));
        },
        describeGeneration,
      ),
    );
  registerServerCommands(models, globals);

  const adapters = program.command('adapters').description('LoRA adapters applied to chat models');
  adapters
    .command('add <path>')
    .description(
      'register a GGUF LoRA adapter, or convert a PEFT adapter folder (adapter_config.json + adapter_model.safetensors)',
    )
    .option('--copy', 'copy the file into the library instead of using it where it is')
    .option('--name <name>', 'display name (default: from the file)')
    .action((file: string, opts: { copy?: boolean; name?: string }) =>
      withCore(
        globals,
        async (core) =>
          unwrap(await core.invoke('adapters.add', { path: file, copy: opts.copy === true, name: opts.name })),
        (a) => `Added ${describeAdapter(a)}`,
      ),
    );
  adapters
    .command('list')
    .description('registered adapters and the models they fit')
    .action(() =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('adapters.list', {})),
        (list) => (list.length === 0 ? 'No adapters registered.' : list.map(describeAdapter).join('\n\n')),
      ),
    );
  adapters
    .command('remove <adapterId>')
    .description('forget an adapter (its file is deleted only if the library holds a copy)')
    .action((adapterId: string) =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('adapters.remove', { adapterId })),
        () => `Removed ${adapterId}.`,
      ),
    );
}
