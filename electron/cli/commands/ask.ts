import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ScholiumError } from '../../contract/index.js';
import type { Answer, SearchHit } from '../../contract/ops/ask.js';
import { openCore, type Core } from '../../core/index.js';
import { oneLine, printValue, terminalSafe, unwrap, type OutputOptions } from '../output.js';

type Globals = () => { libraryDir: string; output: OutputOptions };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ScholiumError('INVALID_REQUEST', `-k must be a whole number of at least 1 (got "${value}").`);
  return n;
}

/** A model given as a registered id or as a GGUF path (registered on first use, reused after). */
export async function modelId(core: Core, value: string): Promise<string> {
  if (!fs.existsSync(value)) return value;
  const file = path.resolve(value);
  const known = core.models.registry.listModels().find((m) => m.file === file);
  if (known !== undefined) return known.id;
  const { modelId: id } = unwrap(await core.invoke('models.add', { path: file }));
  process.stderr.write(`scholium: added ${file} to the library's models as "${id}" (scholium models remove ${id}).\n`);
  return id;
}

/** An adapter as ID or PATH, with an optional ":scale" (default 1). */
export async function adapterUse(core: Core, value: string): Promise<{ id: string; scale: number }> {
  const match = /^(.*):(\d+(?:\.\d+)?)$/.exec(value);
  const ref = match?.[1] ?? value;
  const scale = match === null ? 1 : Number(match[2]);
  if (!fs.existsSync(ref)) return { id: ref, scale };
  const file = path.resolve(ref);
  const known = core.models.registry.listAdapters().find((a) => a.file === file);
  if (known !== undefined) return { id: known.id, scale };
  const { adapterId } = unwrap(await core.invoke('adapters.add', { path: file }));
  process.stderr.write(
    `scholium: added ${file} to the library's adapters as "${adapterId}" (scholium adapters remove ${adapterId}).\n`,
  );
  return { id: adapterId, scale };
}

/** A query or question of spaces only is a mistake the user should hear about in words, not as a schema error. */
function nonBlank(text: string, what: string): string {
  if (text.trim() === '') throw new ScholiumError('INVALID_REQUEST', `The ${what} is empty: give some words.`);
  return text;
}

function pageOf(page: number | null): string {
  return page === null ? '' : `, p. ${page}`;
}

function describeHits(hits: SearchHit[]): string {
  if (hits.length === 0) return 'No passage matches. Try other words, or import the papers that discuss it.';
  return hits
    .map(
      (h, i) =>
        `${i + 1}. ${oneLine(h.title)}${pageOf(h.page)} (${h.section.trim() === '' ? '' : `${oneLine(h.section)}, `}score ${h.score.toFixed(3)})\n   ${oneLine(h.text.replace(/\s+/g, ' ').slice(0, 240))}…`,
    )
    .join('\n');
}

/** What `scholium ask --json` prints: the answer, its checked citations and the passages given. */
function askSummary(a: Answer): unknown {
  return {
    answer: a.answer,
    citations: a.citations.map((c) => ({
      n: c.n,
      passageId: c.passageId,
      paperId: c.paperId,
      title: c.title,
      page: c.page,
      quote: c.quote,
      status: c.status,
      bearsOnQuestion: c.bearsOnQuestion ?? null,
    })),
    passages: a.passages.map((p) => ({
      n: p.n,
      passageId: p.passageId,
      paperId: p.paperId,
      title: p.title,
      page: p.page,
      text: p.text,
    })),
    model: a.model,
    adapters: a.adapters,
    mode: a.mode,
    stopReason: a.stopReason,
    conversationId: a.conversationId,
    notes: a.notes,
  };
}

/** A citation's check as the reference list shows it: the quote's status, and apart, whether the passage is on the question. */
function checkOf(c: Answer['citations'][number]): string {
  if (c.bearsOnQuestion === undefined || c.status === 'invalid') return c.status;
  return `${c.status}${c.status === 'verified' ? ' (quote found)' : ''}, ${c.bearsOnQuestion ? 'bears on the question' : 'does not bear on the question'}`;
}

function references(a: Answer): string {
  const lines = a.passages
    .filter((p) => a.citations.some((c) => c.n === p.n))
    .map((p) => {
      const statuses = [...new Set(a.citations.filter((c) => c.n === p.n).map(checkOf))].join(', ');
      return `[${p.n}] ${oneLine(p.title)}${p.year === null ? '' : ` (${p.year})`}${pageOf(p.page)} — ${statuses}`;
    });
  const invalid = [...new Set(a.citations.filter((c) => c.status === 'invalid').map((c) => c.n))];
  if (invalid.length > 0)
    lines.push(`Citations to passages that were not given: ${invalid.map((n) => `[${n}]`).join(', ')}`);
  // A sentence that carried no marker was attributed afterwards (or found unsupported): the reader must know.
  const uncited = a.citations.filter((c) => !/\[[\d\s,;\-–]+\]/.test(c.sentence));
  const cited = a.citations.filter((c) => !uncited.includes(c));
  const unsupported = cited.filter((c) => c.status === 'unsupported').length;
  if (unsupported > 0) lines.push(`${unsupported} citation(s) are not supported by the passage they cite.`);
  if (uncited.length > 0) {
    const attributed = uncited.filter((c) => c.status === 'attributed').length;
    lines.push(
      `Warning: ${uncited.length} sentence(s) of the answer cite no passage: ${attributed} attributed to the passage sentence that best supports them, ${uncited.length - attributed} supported by no passage given.`,
    );
  }
  return lines.join('\n');
}

export function registerAskCommands(program: Command, globals: Globals): void {
  program
    .command('search <query>')
    .description('hybrid full-text and vector search over the passages of the library')
    // A query may start with a dash ("-data"): unknown options are taken as the query, and extra words refused.
    .allowUnknownOption()
    .allowExcessArguments(false)
    .option('-k <n>', 'how many passages', positiveInt, 10)
    .option('--paper <id>', 'search only this paper (repeatable)', collect, [])
    .option('--include-references', 'search reference lists too')
    .action(async (query: string, opts: { k: number; paper: string[]; includeReferences?: boolean }) => {
      const { libraryDir, output } = globals();
      const core = await openCore({ libraryDir, mode: 'cli' });
      try {
        const scope = {
          ...(opts.paper.length > 0 ? { paperIds: opts.paper } : {}),
          ...(opts.includeReferences === true ? { includeReferences: true } : {}),
        };
        const hits = unwrap(
          await core.invoke('ask.search', { query: nonBlank(query, 'search query'), k: opts.k, scope }),
        );
        printValue(
          output,
          hits.map(({ passageId, paperId, title, page, text, score }) => ({
            passageId,
            paperId,
            title,
            page,
            text,
            score,
          })),
          () => describeHits(hits),
        );
      } finally {
        await core.close();
      }
    });

  program
    .command('ask <question>')
    .description('answer a question from the library; every citation is checked against its passage')
    .allowUnknownOption()
    .allowExcessArguments(false)
    .option('--paper <id>', 'answer only from this paper (repeatable)', collect, [])
    .option('--model <id|path>', 'chat model (default: the chat default; without one the answer is extractive)')
    .option('--adapter <id|path[:scale]>', 'LoRA adapter to apply, with an optional scale (repeatable)', collect, [])
    .option('--no-llm', 'answer with quoted sentences from the passages, without a chat model')
    .option('-k <n>', 'how many passages to give the model', positiveInt, 6)
    .action(
      async (
        question: string,
        opts: { paper: string[]; model?: string; adapter: string[]; llm: boolean; k: number },
      ) => {
        nonBlank(question, 'question');
        const { libraryDir, output } = globals();
        const core = await openCore({ libraryDir, mode: 'cli' });
        const requestId = `cli-${process.pid}`;
        const stream = !output.json && process.stdout.isTTY;
        const stop = (): void => void core.invoke('ask.stop', { requestId });
        process.once('SIGINT', stop);
        try {
          const model = opts.llm ? (opts.model === undefined ? undefined : await modelId(core, opts.model)) : null;
          const adapters = await Promise.all(opts.adapter.map((a) => adapterUse(core, a)));
          const answer = unwrap(
            await core.invoke(
              'ask.ask',
              {
                requestId,
                question,
                k: opts.k,
                modelId: model,
                adapters,
                scope: opts.paper.length > 0 ? { paperIds: opts.paper } : {},
              },
              {
                emit: (event) =>
                  stream &&
                  event.channel === 'generation' &&
                  event.type === 'token' &&
                  process.stdout.write(terminalSafe(event.text)),
              },
            ),
          );
          if (stream) process.stdout.write('\n\n');
          printValue(output, askSummary(answer), () =>
            [stream ? '' : `${answer.answer}\n`, references(answer), ...answer.notes]
              .filter((l) => l !== '')
              .join('\n'),
          );
        } finally {
          process.removeListener('SIGINT', stop);
          await core.close();
        }
      },
    );
}
