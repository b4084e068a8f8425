/**
 * Evaluation throughput with a real small model: questions per minute of an
 * evaluation run with Gemma 3 270M (Q4_K_M, CPU), with and without retrieval,
 * over corpus papers with questions whose answer page is known
 * (scripts/eval/papers.questions.json). Retrieval is hybrid when the cached
 * embedder is there, full-text otherwise. Needs `npm run models:fetch`.
 * Writes bench/results/evaluation.md and evaluation.json.
 *
 *   npx tsx bench/evaluation.bench.ts [--questions 8] [--max-tokens 128]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { unwrap } from '../electron/cli/output.js';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';
import { Core } from '../electron/core/core.js';
import { CORPUS, paperQuestions } from '../scripts/eval/papers.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';

const { values } = parseArgs({
  options: { questions: { type: 'string', default: '8' }, 'max-tokens': { type: 'string', default: '128' } },
});
const K = 6;

async function main(): Promise<void> {
  const chat = cachedModel('base');
  if (chat.file === null) throw new Error(chat.reason);
  const embedding = cachedModel('embedding');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-eval-bench-'));
  const core = Core.open({ libraryDir: path.join(dir, 'library'), mode: 'cli' });
  try {
    const questions = paperQuestions().slice(0, Number(values.questions));
    if (embedding.file !== null)
      unwrap(
        await core.invoke('models.setDefault', {
          role: 'embedding',
          modelId: unwrap(await core.invoke('models.add', { path: embedding.file })).modelId,
        }),
      );
    const files = [...new Set(questions.map((q) => q.file))];
    const { jobId } = unwrap(await core.invoke('library.import', { paths: files.map((f) => path.join(CORPUS, f)) }));
    await core.jobs.wait(jobId);
    const report = unwrap(await core.invoke('library.importReport', { jobId }));
    if (report.failed.length > 0) throw new Error(`the corpus did not import: ${JSON.stringify(report.failed)}`);
    const embedded = unwrap(await core.invoke('library.embeddingStatus', {}));
    if (embedded.jobId !== null) await core.jobs.wait(embedded.jobId);
    const paperOf = new Map(report.imported.map((i) => [path.basename(i.file), i.paperId]));

    const modelId = unwrap(await core.invoke('models.add', { path: chat.file })).modelId;
    // Load once, so the figures are of evaluating, not of loading the model.
    await core.models.countTokens(['warm up'], modelId);
    // Expected answers are not known for these questions: the page is the gold. Throughput and recall are what is
    // measured.
    const setId = unwrap(await core.invoke('eval.sets.create', { name: 'corpus questions' })).setId;
    unwrap(
      await core.invoke('eval.items.add', {
        setId,
        items: questions.map((q) => ({
          question: q.question,
          expected: '-',
          paper: paperOf.get(q.file)!,
          page: q.page,
        })),
      }),
    );

    const loadBefore = os.loadavg()[0]!;
    const rows = [];
    for (const useRetrieval of [true, false]) {
      const started = performance.now();
      const { runId, job } = unwrap(
        await core.invoke('eval.runs.start', {
          setId,
          k: K,
          maxTokens: Number(values['max-tokens']),
          configurations: [{ modelId, useRetrieval }],
        }),
      );
      const done = await core.jobs.wait(job.jobId);
      if (done.state !== 'done') throw new Error(`the run ended ${done.state}: ${done.error}`);
      const seconds = (performance.now() - started) / 1000;
      const [c] = unwrap(await core.invoke('eval.runs.get', { runId })).configurations;
      const row = {
        label: c!.label,
        useRetrieval,
        questions: questions.length,
        seconds: Math.round(seconds * 10) / 10,
        questionsPerMinute: Math.round((questions.length / seconds) * 60 * 10) / 10,
        recallAtK: c!.recallAtK,
        citations: c!.citations,
        latencyMs: c!.latencyMs,
        errors: c!.errors,
      };
      rows.push(row);
      console.log(`  ${row.label}: ${row.questionsPerMinute} questions/min (${row.seconds} s for ${row.questions})`);
    }
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
    const result = {
      date: new Date().toISOString(),
      machine,
      model: path.basename(chat.file),
      threads: physicalCoreCount(),
      retrieval: embedding.file === null ? 'full-text' : `hybrid (${path.basename(embedding.file)})`,
      k: K,
      maxTokens: Number(values['max-tokens']),
      papers: files.length,
      loadAverage: { start: loadBefore, end: os.loadavg()[0]! },
      rows,
    };
    const md = [
      '# Evaluation throughput (Gemma 3 270M, CPU)',
      '',
      `${result.date} · ${machine} (load average ${loadBefore.toFixed(1)} → ${result.loadAverage.end.toFixed(1)}) · ${result.model}, ${result.threads} threads · ${questions.length} corpus questions over ${files.length} papers · retrieval ${result.retrieval}, k=${K} · answers capped at ${result.maxTokens} tokens`,
      '',
      '| configuration | questions/min | seconds | p50 per question (ms) | p95 (ms) | recall@k (gold page) | citations v/s/u/i |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${r.questionsPerMinute} | ${r.seconds} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.recallAtK === null ? '–' : r.recallAtK.toFixed(2)} | ${r.citations.verified}/${r.citations.supported}/${r.citations.unsupported}/${r.citations.invalid} |`,
      ),
      '',
      'A run scores every answer as it comes (exact match, F1, recall@k, citation verification) and stores it; the time is the whole job.',
      '',
    ].join('\n');
    const results = path.join(import.meta.dirname, 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, 'evaluation.md'), md);
    fs.writeFileSync(path.join(results, 'evaluation.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(md);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
