/**
 * Answer latency with real small models: time to first token and total time
 * of `ask` on 6 passages, over SciFact abstracts imported as documents, with
 * the instruct chat model (SmolLM2-135M-Instruct, Q4_1) and the base model
 * (Gemma 3 270M, Q4_K_M), CPU. Needs `npm run models:fetch`.
 * Writes bench/results/answer.md and answer.json.
 *
 *   npx tsx bench/answer.bench.ts [--questions 8] [--models chat,base]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { unwrap } from '../electron/cli/output.js';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';
import { mean, percentile } from '../electron/core/evaluation/metrics.js';
import { Core } from '../electron/core/core.js';
import { scifactTestQueries, SCIFACT } from '../scripts/eval/scifact.js';
import { cachedModel } from '../tests/fixtures/gguf/modelCache.js';

const { values } = parseArgs({
  options: { questions: { type: 'string', default: '8' }, models: { type: 'string', default: 'chat,base' } },
});
const PASSAGES = 6;
const DOCUMENTS = 300;

async function main(): Promise<void> {
  const models = values.models.split(',').map((role) => cachedModel(role as 'chat' | 'base'));
  for (const m of models) if (m.file === null) throw new Error(m.reason);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scholium-answer-bench-'));
  const core = Core.open({ libraryDir: path.join(dir, 'library'), mode: 'cli' });
  try {
    // The abstracts the first questions are judged against, then others up to DOCUMENTS.
    const queries = scifactTestQueries().slice(0, Number(values.questions));
    const wanted = new Set(queries.flatMap((q) => [...q.relevance.keys()]));
    const lines = fs
      .readFileSync(path.join(SCIFACT, 'corpus.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const picked = [
      ...lines.filter((l) => wanted.has((JSON.parse(l) as { _id: string })._id)),
      ...lines.slice(0, DOCUMENTS),
    ].slice(0, DOCUMENTS);
    const corpus = path.join(dir, 'abstracts.jsonl');
    fs.writeFileSync(corpus, `${picked.join('\n')}\n`);
    const { jobId } = unwrap(await core.invoke('library.import', { paths: [corpus] }));
    await core.jobs.wait(jobId);
    const sections: string[] = [];
    const reports: unknown[] = [];
    // Where the first-token time goes: the model's own share (prompt processing) is timed around its call.
    const generate = core.models.generate.bind(core.models);
    let model = { promptTokens: 0, firstTokenMs: 0 };
    core.models.generate = async (options) => {
      const called = performance.now();
      let first: number | null = null;
      const result = await generate({
        ...options,
        onToken: (text) => ((first ??= performance.now() - called), options.onToken?.(text)),
      });
      model = { promptTokens: result.tokens.prompt, firstTokenMs: first ?? 0 };
      return result;
    };
    for (const chat of models) {
      const modelId = unwrap(await core.invoke('models.add', { path: chat.file! })).modelId;
      // Load once, so the figures are of answering, not of loading the model.
      await core.models.countTokens(['warm up'], modelId);

      const runs: Array<{
        question: string;
        firstTokenMs: number | null;
        totalMs: number;
        retrievalMs: number;
        promptTokens: number;
        modelFirstTokenMs: number;
        chars: number;
        passages: number;
        stopReason: string;
      }> = [];
      for (const [i, q] of queries.entries()) {
        const answer = unwrap(
          await core.invoke('ask.ask', { requestId: `bench-${i}`, question: q.text, k: PASSAGES, modelId }),
        );
        runs.push({
          question: q.text,
          ...answer.timings,
          promptTokens: model.promptTokens,
          modelFirstTokenMs: model.firstTokenMs,
          chars: answer.answer.length,
          passages: answer.passages.length,
          stopReason: answer.stopReason,
        });
        console.log(
          `  ${answer.timings.firstTokenMs ?? '-'} ms to first token (${model.firstTokenMs.toFixed(0)} ms of it in the model for ${model.promptTokens} prompt tokens), ${answer.timings.totalMs} ms total (${answer.passages.length} passages, ${answer.stopReason})`,
        );
      }
      // Abstentions (no passage relevant enough: no model call) are counted apart, not averaged in.
      const answered = runs.filter((r) => r.stopReason !== 'abstained');
      const first = answered.map((r) => r.firstTokenMs).filter((v): v is number => v !== null);
      const total = answered.map((r) => r.totalMs);
      const before = answered.filter((r) => r.firstTokenMs !== null).map((r) => r.firstTokenMs! - r.modelFirstTokenMs);
      const promptRate = answered.map((r) => r.promptTokens / (r.modelFirstTokenMs / 1000));
      const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}`;
      const report = {
        date: new Date().toISOString(),
        machine,
        model: path.basename(chat.file!),
        threads: physicalCoreCount(),
        passages: PASSAGES,
        runs,
      };
      reports.push(report);
      sections.push(
        ...[
          `## ${report.model}`,
          '',
          `${report.date} · ${machine} · ${report.threads} threads · ${PASSAGES} passages per question (SciFact abstracts) · ${answered.length} answered questions (${runs.length - answered.length} abstained, not counted) · answer length fitted to the question`,
          '',
          '| | mean | p50 | p95 |',
          '|---|---|---|---|',
          `| time to first token (ms) | ${mean(first).toFixed(0)} | ${percentile(first, 50).toFixed(0)} | ${percentile(first, 95).toFixed(0)} |`,
          `| total answer time (ms) | ${mean(total).toFixed(0)} | ${percentile(total, 50).toFixed(0)} | ${percentile(total, 95).toFixed(0)} |`,
          `| of the first-token time, before the model is called (ms) | ${mean(before).toFixed(0)} | ${percentile(before, 50).toFixed(0)} | ${percentile(before, 95).toFixed(0)} |`,
          `| prompt tokens | ${mean(answered.map((r) => r.promptTokens)).toFixed(0)} | ${percentile(
            answered.map((r) => r.promptTokens),
            50,
          ).toFixed(0)} | ${percentile(
            answered.map((r) => r.promptTokens),
            95,
          ).toFixed(0)} |`,
          `| prompt processing (tokens/s, up to the model's first token) | ${mean(promptRate).toFixed(0)} | ${percentile(promptRate, 50).toFixed(0)} | ${percentile(promptRate, 95).toFixed(0)} |`,
          '',
        ],
      );
    }
    const md = [
      '# Answer latency (CPU)',
      '',
      ...sections,
      'Time to first token covers retrieval, the relevance gate, evidence selection and prompt building with exact token counts (all of it: the row “before the model is called”), and the model reading the prompt (the rest).',
      '',
    ].join('\n');
    const results = path.join(import.meta.dirname, 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, 'answer.md'), md);
    fs.writeFileSync(path.join(results, 'answer.json'), `${JSON.stringify(reports, null, 2)}\n`);
    console.log(md);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
