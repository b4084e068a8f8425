import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GenerationEvent, ScholiumEvent } from '../../../electron/contract/index.js';
import type { Answer } from '../../../electron/contract/ops/ask.js';
import { Core } from '../../../electron/core/core.js';
import { unwrap } from '../../../electron/cli/output.js';
import { runCli } from '../library/cliProcess.js';

/** Three short papers on unrelated topics, as Markdown (documents without pages: no PDF extraction needed). */
export const PAPERS = {
  'trace-trees.md': `# Trace Trees for Dynamic Languages

## Abstract
We present a just-in-time compiler for JavaScript that records trace trees of hot loops. The interpreter counts loop
iterations, and once a loop becomes hot the recorder follows one iteration and compiles the recorded path into
native code. Type guards leave the trace whenever a value has a type other than the one observed while recording.

## 2 Trace Recording
Nested loops are handled by recording an inner tree first and calling it from the outer trace, which keeps the
number of traces small. Side exits that become hot are extended into branch traces attached to the same tree.
Our measurements show speedups between two and twenty times on the SunSpider benchmarks over the baseline interpreter.

## References
Gal, A. and Franz, M. Incremental dynamic code generation with trace trees. Technical report, University of California Irvine, 2006.
Bala, V., Duesterwald, E. Dynamo: a transparent dynamic optimization system. PLDI 2000.
`,
  'berkeley-db.md': `# Transactions in Berkeley DB

## Abstract
Berkeley DB is an embedded database library that offers transactions with write-ahead logging. Every change is
written to the log before the data pages, so recovery after a crash replays committed transactions and undoes
uncommitted ones.

## 3 Locking
Concurrency is controlled by two-phase locking at page granularity. A deadlock detector runs periodically and
aborts one transaction of each cycle it finds, chosen as the youngest transaction in the cycle.
`,
  'loudness.md': `# Loudness Metering for Broadcast

## Abstract
Loudness meters following ITU-R BS.1770 measure programme loudness in LUFS with a K-weighting filter and gating.
The loudness range descriptor summarises the variation of loudness over a programme as the spread between the
tenth and the ninety-fifth percentiles of short-term loudness.

## 4 Implementation
The meter is implemented as a plugin that computes momentary, short-term and integrated loudness in real time.
`,
} as const;

export interface AskLibrary {
  core: Core;
  dir: string;
  paperId(file: string): string;
  /** Asks through the contract and collects the generation events of this request. */
  ask(
    payload: Record<string, unknown>,
    onEvent?: (event: GenerationEvent) => void,
  ): Promise<{ answer: Answer; events: GenerationEvent[] }>;
  close(): Promise<void>;
}

/**
 * Writes the papers into `<dir>/papers` and imports them with the CLI into `<dir>/library`; returns the library folder.
 */
export async function importPapersWithCli(dir: string): Promise<string> {
  const library = path.join(dir, 'library');
  const docs = path.join(dir, 'papers');
  fs.mkdirSync(docs);
  for (const [name, text] of Object.entries(PAPERS)) fs.writeFileSync(path.join(docs, name), text);
  const run = await runCli(library, ['--create', 'import', docs, '--json']);
  if (run.code !== 0) throw new Error(`scholium import failed: ${run.stderr}`);
  return library;
}

let counter = 0;

/**
 * A real core (library, models, ask) on a fresh folder holding the three papers (and `extra` ones), imported through
 * the contract.
 */
export async function openAskLibrary(extra: Record<string, string> = {}): Promise<AskLibrary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-ask-'));
  const docs = path.join(dir, 'papers');
  fs.mkdirSync(docs);
  const files = { ...PAPERS, ...extra };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(docs, name), text);
  const core = Core.open({
    libraryDir: path.join(dir, 'library'),
    mode: 'cli',
    models: { gpu: false, threads: 1, contextTokens: 2048 },
  });
  const { jobId } = unwrap(await core.invoke('library.import', { paths: [docs] }));
  await core.jobs.wait(jobId);
  const report = unwrap(await core.invoke('library.importReport', { jobId }));
  const count = Object.keys(files).length;
  if (report.imported.length !== count)
    throw new Error(`expected ${count} papers imported, got ${JSON.stringify(report)}`);
  const ids = new Map(report.imported.map((i) => [path.basename(i.file), i.paperId]));
  return {
    core,
    dir,
    paperId: (file) => ids.get(file)!,
    async ask(payload, onEvent) {
      const requestId = `req-${(counter += 1)}`;
      const events: GenerationEvent[] = [];
      const emit = (event: ScholiumEvent): void => {
        if (event.channel !== 'generation' || event.requestId !== requestId) return;
        events.push(event);
        onEvent?.(event);
      };
      const answer = unwrap(await core.invoke('ask.ask', { requestId, ...payload } as never, { emit }));
      return { answer, events };
    },
    async close() {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
