import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ScholiumError } from '../../contract/index.js';
import {
  adapterComparison,
  type ConfigurationSummary,
  type RunDetail,
  type RunSummary,
} from '../../contract/ops/evaluation.js';
import { openCore, type Core } from '../../core/index.js';
import { printValue, unwrap, type OutputOptions } from '../output.js';
import { adapterUse, modelId } from './ask.js';
import { followJob } from './import.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function wholeNumber(flag: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new ScholiumError('INVALID_REQUEST', `${flag} must be a whole number of at least ${min} (got "${value}").`);
    return n;
  };
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.9)
    throw new ScholiumError('INVALID_REQUEST', `--validation must be a share from 0 to 0.9 (got "${value}").`);
  return n;
}

async function withCore(globals: Globals, run: (core: Core, output: OutputOptions) => Promise<void>): Promise<void> {
  const { libraryDir, output } = globals();
  const core = await openCore({ libraryDir, mode: 'cli' });
  try {
    await run(core, output);
  } finally {
    await core.close();
  }
}

/** A set named by id or by exact name; with `create`, a missing name makes a new set. */
function setId(core: Core, ref: string, create = false): string {
  const sets = core.evaluation.sets.list();
  const found = sets.find((s) => s.setId === ref) ?? sets.find((s) => s.name === ref);
  if (found !== undefined) return found.setId;
  if (create) return core.evaluation.sets.create(ref, '').setId;
  throw new ScholiumError(
    'NOT_FOUND',
    `There is no validation set with id or name "${ref}". See "scholium eval list".`,
  );
}

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);
const num = (v: number | null): string => (v === null ? '–' : v.toFixed(2));

function configurationLine(c: ConfigurationSummary): string {
  const cites = `${c.citations.verified}/${c.citations.supported}/${c.citations.unsupported}/${c.citations.invalid}`;
  const judge = c.judge === null ? '' : ` judge ${pct(c.judge.accuracy)}`;
  const abstain =
    c.abstention.unanswerable > 0
      ? ` abstained ${pct(c.abstention.rate)} of ${c.abstention.unanswerable} unanswerable;`
      : '';
  return `  ${c.label}\n    EM ${num(c.exactMatch)}  F1 ${num(c.f1)}${judge}  recall@k ${num(c.recallAtK)}  citations v/s/u/i ${cites};${abstain} wrongly abstained ${pct(c.abstention.falseRate)}; p50 ${c.latencyMs.p50} ms, p95 ${c.latencyMs.p95} ms${c.errors > 0 ? `; ${c.errors} errors` : ''}`;
}

function describeRun(run: RunSummary): string {
  return [
    `Run ${run.runId} of ${run.setName}: ${run.state}${run.error === null ? '' : ` (${run.error})`}, ${run.questions} questions, k=${run.k}, ${run.createdAt}`,
    ...run.configurations.map(configurationLine),
  ].join('\n');
}

function describeAnswers(run: RunDetail): string {
  return run.items
    .map((item) => {
      const rows = run.results
        .filter((r) => r.itemId === item.itemId)
        .map((r) => {
          const label = run.configurations[r.configuration]?.label ?? String(r.configuration);
          const cites = r.citations.map((c) => `[${c.n}] ${c.status}`).join(', ');
          return `  ${label}: ${r.error ?? r.answer.replace(/\s+/g, ' ').slice(0, 200)}${cites === '' ? '' : `  (${cites})`}`;
        });
      return [
        `Q${item.ordinal}. ${item.question}${item.unanswerable ? ' (unanswerable)' : `  expected: ${item.expected}`}`,
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

export function registerEvaluationCommands(program: Command, globals: Globals): void {
  const evalCmd = program
    .command('eval')
    .description('validation sets and evaluation runs: base model vs adapters, with and without retrieval');

  evalCmd
    .command('create <name>')
    .description('create an empty validation set')
    .option('--description <text>', 'what the set is for', '')
    .action((name: string, opts: { description: string }) =>
      withCore(globals, async (core, output) => {
        const set = unwrap(await core.invoke('eval.sets.create', { name, description: opts.description }));
        printValue(output, set, (s) => `Created validation set ${s.name} (${s.setId}).`);
      }),
    );

  evalCmd
    .command('list')
    .description('validation sets and stored runs')
    .action(() =>
      withCore(globals, async (core, output) => {
        const sets = unwrap(await core.invoke('eval.sets.list', {}));
        const runs = unwrap(await core.invoke('eval.runs.list', {}));
        printValue(output, { sets, runs: runs.map(({ configurations: _c, ...r }) => r) }, () =>
          [
            sets.length === 0
              ? 'No validation sets. Create one with "scholium eval create <name>".'
              : sets.map((s) => `${s.setId}  ${s.name}: ${s.accepted} questions, ${s.drafts} drafts`).join('\n'),
            ...runs.map((r) => `run ${r.runId}  ${r.setName}: ${r.state}, ${r.questions} questions, ${r.createdAt}`),
          ].join('\n'),
        );
      }),
    );

  evalCmd
    .command('import <set> <file>')
    .description(
      'add questions from JSONL or CSV (question, expected, paper, page, unanswerable); a new set is created for an unknown name. Malformed lines are reported by number and the rest is imported; exits 1 when any line was refused',
    )
    .option('--format <jsonl|csv>', 'file format (default: from the extension)')
    .option('--draft', 'import as drafts to review ("eval accept" / "eval reject") before they count')
    .action((ref: string, file: string, opts: { format?: string; draft?: boolean }) =>
      withCore(globals, async (core, output) => {
        const format = opts.format ?? (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
        if (format !== 'jsonl' && format !== 'csv')
          throw new ScholiumError('INVALID_REQUEST', `--format must be jsonl or csv (got "${format}").`);
        let content: string;
        try {
          content = fs.readFileSync(file, 'utf8');
        } catch (error) {
          throw new ScholiumError(
            'IO_ERROR',
            `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const id = setId(core, ref, true);
        const report = unwrap(
          await core.invoke('eval.sets.import', {
            setId: id,
            format,
            content,
            status: opts.draft === true ? 'draft' : 'accepted',
          }),
        );
        printValue(output, { setId: id, ...report }, (r) =>
          [`Imported ${r.imported} questions into ${id}.`, ...r.errors.map((e) => `line ${e.line}: ${e.message}`)].join(
            '\n',
          ),
        );
        if (report.errors.length > 0) process.exitCode = 1;
      }),
    );

  evalCmd
    .command('draft <set>')
    .description('draft questions (with answer and source passage) from the library with the chat model, for review')
    .option('-n, --count <n>', 'how many', wholeNumber('--count', 1), 10)
    .option('--model <id|path>', 'chat model (default: the chat default)')
    .option('--paper <id>', 'draft only from this paper (repeatable)', collect, [])
    .action((ref: string, opts: { count: number; model?: string; paper: string[] }) =>
      withCore(globals, async (core, output) => {
        const id = setId(core, ref);
        const model = opts.model === undefined ? undefined : await modelId(core, opts.model);
        const job = unwrap(
          await core.invoke('eval.drafts.generate', {
            setId: id,
            count: opts.count,
            modelId: model,
            scope: opts.paper.length > 0 ? { paperIds: opts.paper } : {},
          }),
        );
        const done = await followJob(core, job.jobId, output, 'Drafting');
        const drafts = unwrap(await core.invoke('eval.sets.get', { setId: id })).items.filter(
          (i) => i.status === 'draft',
        );
        printValue(output, { job: done, drafts }, () =>
          [
            done.message,
            ...drafts.map((d) => `${d.ordinal}. ${d.question}  →  ${d.expected}`),
            'Accept with "scholium eval accept SET [N…]", drop with "scholium eval reject SET N…".',
          ].join('\n'),
        );
        if (done.state !== 'done') process.exitCode = 1;
      }),
    );

  const review = (accept: boolean) => (ref: string, ordinals: string[]) =>
    withCore(globals, async (core, output) => {
      const id = setId(core, ref);
      const drafts = unwrap(await core.invoke('eval.sets.get', { setId: id })).items.filter(
        (i) => i.status === 'draft',
      );
      const chosen =
        ordinals.length === 0 && accept
          ? drafts
          : ordinals.map((n) => {
              const found = drafts.find((d) => String(d.ordinal) === n);
              if (found === undefined)
                throw new ScholiumError(
                  'NOT_FOUND',
                  `Question ${n} is not a draft of this set. See "scholium eval show SET".`,
                );
              return found;
            });
      if (accept)
        for (const d of chosen)
          unwrap(await core.invoke('eval.items.update', { itemId: d.itemId, status: 'accepted' }));
      else if (chosen.length > 0)
        unwrap(await core.invoke('eval.items.delete', { itemIds: chosen.map((d) => d.itemId) }));
      const ids = chosen.map((d) => d.ordinal);
      printValue(
        output,
        accept ? { accepted: ids } : { rejected: ids },
        () =>
          `${accept ? 'Accepted' : 'Deleted'} ${ids.length} draft(s)${ids.length > 0 ? `: ${ids.join(', ')}` : ''}.`,
      );
    });

  evalCmd
    .command('accept <set> [questions...]')
    .description('accept drafted questions by number (all drafts when none is named)')
    .action(review(true));
  evalCmd
    .command('reject <set> <questions...>')
    .description('delete drafted questions by number')
    .action(review(false));

  evalCmd
    .command('export <set>')
    .description('write a set’s accepted questions as JSONL or CSV')
    .option('--format <jsonl|csv>', 'file format', 'jsonl')
    .option('--out <file>', 'write here instead of standard output')
    .action((ref: string, opts: { format: string; out?: string }) =>
      withCore(globals, async (core, output) => {
        if (opts.format !== 'jsonl' && opts.format !== 'csv')
          throw new ScholiumError('INVALID_REQUEST', `--format must be jsonl or csv (got "${opts.format}").`);
        const file = unwrap(await core.invoke('eval.sets.export', { setId: setId(core, ref), format: opts.format }));
        if (opts.out === undefined && !output.json) {
          process.stdout.write(file.content);
          return;
        }
        if (opts.out !== undefined) fs.writeFileSync(opts.out, file.content);
        printValue(
          output,
          opts.out === undefined ? file : { file: path.resolve(opts.out), filename: file.filename },
          () => `Wrote ${opts.out}.`,
        );
      }),
    );

  evalCmd
    .command('run <set>')
    .description(
      'evaluate a set: the base model, then base + each adapter, with and without retrieval (Ctrl-C cancels; what was measured is kept)',
    )
    .option('--model <id|path>', 'base chat model (default: the chat default)')
    .option('--adapter <id|path[:scale]>', 'adapter to compare, with an optional scale (repeatable)', collect, [])
    .option('--retrieval <both|on|off>', 'configurations with retrieval, without, or both', 'both')
    .option('--no-llm', 'one extractive configuration (retrieval only, no chat model)')
    .option('-k <n>', 'passages retrieved per question', wholeNumber('-k', 1), 6)
    .option('--max-tokens <n>', 'answer length cap', wholeNumber('--max-tokens', 1), 128)
    .option('--judge <id|path>', 'chat model that grades each answer against the expected one (reported apart)')
    .action(
      (
        ref: string,
        opts: {
          model?: string;
          adapter: string[];
          retrieval: string;
          llm: boolean;
          k: number;
          maxTokens: number;
          judge?: string;
        },
      ) =>
        withCore(globals, async (core, output) => {
          if (!['both', 'on', 'off'].includes(opts.retrieval))
            throw new ScholiumError(
              'INVALID_REQUEST',
              `--retrieval must be both, on or off (got "${opts.retrieval}").`,
            );
          const model = opts.model === undefined ? undefined : await modelId(core, opts.model);
          const adapters = await Promise.all(opts.adapter.map((a) => adapterUse(core, a)));
          const configurations = opts.llm
            ? adapterComparison(model, adapters, opts.retrieval as 'both' | 'on' | 'off')
            : [{ modelId: null, useRetrieval: true }];
          const judgeModelId = opts.judge === undefined ? undefined : await modelId(core, opts.judge);
          const { runId, job } = unwrap(
            await core.invoke('eval.runs.start', {
              setId: setId(core, ref),
              configurations,
              k: opts.k,
              maxTokens: opts.maxTokens,
              judgeModelId,
            }),
          );
          await followJob(core, job.jobId, output, 'Evaluating');
          const run = unwrap(await core.invoke('eval.runs.get', { runId }));
          const { items: _items, results: _results, ...summary } = run;
          printValue(output, summary, describeRun);
          if (run.state !== 'done') process.exitCode = 1;
        }),
    );

  evalCmd
    .command('show <id>')
    .description('a stored run (its figures per configuration), or a validation set (its questions)')
    .option('--answers', 'for a run: every answer side by side, with its citation statuses')
    .action((id: string, opts: { answers?: boolean }) =>
      withCore(globals, async (core, output) => {
        const run = await core.invoke('eval.runs.get', { runId: id });
        if (run.ok) {
          const { items: _items, results: _results, ...summary } = run.value;
          printValue(output, opts.answers === true ? run.value : summary, () =>
            [describeRun(run.value), ...(opts.answers === true ? ['', describeAnswers(run.value)] : [])].join('\n'),
          );
          return;
        }
        const set = unwrap(await core.invoke('eval.sets.get', { setId: setId(core, id) }));
        printValue(output, set, (s) =>
          [
            `${s.set.name} (${s.set.setId}): ${s.set.accepted} questions, ${s.set.drafts} drafts`,
            ...s.items.map(
              (i) =>
                `${i.ordinal}. ${i.status === 'draft' ? '[draft] ' : ''}${i.question}  →  ${i.unanswerable ? '(unanswerable)' : i.expected}`,
            ),
          ].join('\n'),
        );
      }),
    );

  const datasetCmd = program
    .command('dataset')
    .description('training data for a LoRA trainer (PEFT/Unsloth, llama.cpp)');
  datasetCmd
    .command('export')
    .description(
      'write train and validation JSONL from reviewed questions and answers marked good, deduplicated, with token-length statistics',
    )
    .option('--set <id|name>', 'validation set whose accepted questions to include (repeatable)', collect, [])
    .option('--no-conversations', 'leave out conversation answers marked good')
    .option('--format <chat|alpaca>', 'chat messages or Alpaca instruction/input/output', 'chat')
    .option('--validation <share>', 'share held out for validation', share, 0.1)
    .option('--seed <n>', 'seed of the split', wholeNumber('--seed', 0), 1)
    .option('--model <id|path>', 'base model whose tokenizer counts the tokens (default: the chat default)')
    .requiredOption('--out <dir>', 'folder to write the two files to')
    .action(
      (opts: {
        set: string[];
        conversations: boolean;
        format: string;
        validation: number;
        seed: number;
        model?: string;
        out: string;
      }) =>
        withCore(globals, async (core, output) => {
          if (opts.format !== 'chat' && opts.format !== 'alpaca')
            throw new ScholiumError('INVALID_REQUEST', `--format must be chat or alpaca (got "${opts.format}").`);
          const model = opts.model === undefined ? undefined : await modelId(core, opts.model);
          const data = unwrap(
            await core.invoke('dataset.export', {
              setIds: opts.set.map((s) => setId(core, s)),
              conversations: opts.conversations,
              format: opts.format,
              validationShare: opts.validation,
              seed: opts.seed,
              modelId: model,
            }),
          );
          fs.mkdirSync(opts.out, { recursive: true });
          const files = [data.train, data.validation].map((f) => {
            const file = path.resolve(opts.out, f.filename);
            fs.writeFileSync(file, f.content);
            return file;
          });
          const summary = { files, counts: data.counts, tokens: data.tokens };
          printValue(output, summary, (s) => {
            const stats = (name: string, t: NonNullable<typeof s.tokens>['train']): string =>
              t === null
                ? `${name}: no examples`
                : `${name}: tokens min ${t.min}, mean ${t.mean}, p95 ${t.p95}, max ${t.max} under ${t.modelName}${t.overContext > 0 ? `; ${t.overContext} longer than its ${t.contextSize}-token context` : ''}`;
            return [
              `Wrote ${s.counts.train} training and ${s.counts.validation} validation examples (${s.counts.fromSets} from sets, ${s.counts.fromConversations} from conversations, ${s.counts.duplicates} duplicates dropped):`,
              ...s.files.map((f) => `  ${f}`),
              ...(s.tokens === null
                ? ['No chat model chosen or set: no token statistics.']
                : [stats('train', s.tokens.train), stats('validation', s.tokens.validation)]),
            ].join('\n');
          });
        }),
    );
}
