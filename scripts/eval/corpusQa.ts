import fs from 'node:fs';
import path from 'node:path';
import { unwrap } from '../../electron/cli/output.js';
import { findNormalized } from '../../electron/core/ask/citations/textMatch.js';
import type { RetrievalMode } from '../../electron/core/ask/retrieval/retriever.js';
import { resolveScope } from '../../electron/core/library/search/scope.js';
import type { Core } from '../../electron/core/index.js';
import { CORPUS } from './papers.js';
import { importFiles } from './library.js';

export const CORPUS_QA = path.resolve(import.meta.dirname, '../../../shared/datasets/corpus-qa');

/** One line of corpus-qa's questions.jsonl (see its README). */
export interface CorpusQuestion {
  id: string;
  question: string;
  paper: string | null;
  page: number | null;
  quote: string | null;
  kind: string;
}

/** Odd ids tune, even ids test: a constant chosen on one half is reported on the other. */
export type Half = 'odd' | 'even';
export const halfOf = (id: string): Half => (Number(id.slice(1)) % 2 === 1 ? 'odd' : 'even');

export function corpusQuestions(dir = CORPUS_QA): CorpusQuestion[] {
  return fs
    .readFileSync(path.join(dir, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusQuestion);
}

/** Imports every PDF of the corpus (already-imported ones are skipped) and waits for embedding; null when done. */
export async function importCorpus(core: Core): Promise<string | null> {
  return importFiles(
    core,
    fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => path.join(CORPUS, f)),
  );
}

/** A count out of a total, per half and together. */
export interface Tally {
  odd: [number, number];
  even: [number, number];
}

export function tally(): Tally {
  return { odd: [0, 0], even: [0, 0] };
}

export function count(t: Tally, id: string, hit: boolean): void {
  const h = t[halfOf(id)];
  h[0] += hit ? 1 : 0;
  h[1] += 1;
}

export interface CorpusRetrievalScore {
  mode: string;
  /** The first hit is the gold paper, showing the gold page. */
  pageFirst: Tally;
  /** A top-5 hit is the gold paper, showing the gold page. */
  pageTop5: Tally;
  /** The gold paper is the first hit. */
  paperFirst: Tally;
  /** The gold quote lies inside a top-5 passage. */
  quoteTop5: Tally;
  misses: Array<{ id: string; got: string[] }>;
}

export interface CorpusAnswerScore {
  /** Extractive answers with a citation naming the gold paper and page. */
  citeGoldPage: Tally;
  /** Answerable questions declined. */
  wronglyDeclined: Tally;
  nearTopicDeclined: Tally;
  offTopicDeclined: Tally;
  /** Extractive citations by status. */
  statuses: Record<string, number>;
  /** Answers that carry a note on what the library lacks. */
  notedMissing: { answerable: number; unanswerable: number };
  misses: Array<{ id: string; mode: string; cited: string[] }>;
}

/** The paper id of each corpus file name. */
export function paperIds(core: Core): Map<string, string> {
  return new Map(
    (
      core.database.prepare('SELECT path, paper_id AS paperId FROM files').all() as { path: string; paperId: string }[]
    ).map((r) => [path.basename(r.path), r.paperId]),
  );
}

/** Retrieval as `scholium search -k 5` shows it, for each mode. */
export async function scoreCorpusRetrieval(
  core: Core,
  questions: readonly CorpusQuestion[],
  modes: readonly RetrievalMode[],
): Promise<CorpusRetrievalScore[]> {
  const paperOf = paperIds(core);
  const scope = resolveScope(core.database, {});
  const scores: CorpusRetrievalScore[] = [];
  for (const mode of modes) {
    const s: CorpusRetrievalScore = {
      mode,
      pageFirst: tally(),
      pageTop5: tally(),
      paperFirst: tally(),
      quoteTop5: tally(),
      misses: [],
    };
    for (const q of questions) {
      if (q.paper === null || q.page === null || q.quote === null) continue;
      const gold = paperOf.get(q.paper);
      const hits = await core.ask.retriever.search(q.question, { k: 5, scope, mode });
      const onPage = hits.map((h) => h.paperId === gold && h.page === q.page);
      count(s.pageFirst, q.id, onPage[0] === true);
      count(s.pageTop5, q.id, onPage.includes(true));
      count(s.paperFirst, q.id, hits[0]?.paperId === gold);
      count(
        s.quoteTop5,
        q.id,
        hits.some((h) => h.paperId === gold && findNormalized(h.text, q.quote!) !== null),
      );
      if (!onPage.includes(true))
        s.misses.push({ id: q.id, got: hits.map((h) => `${h.title.slice(0, 30)} p.${h.page ?? '-'}`) });
    }
    scores.push(s);
  }
  return scores;
}

/** Extractive answers (no chat model) through `ask.ask`, as the CLI's `--no-llm` gets them. */
export async function scoreCorpusAnswers(core: Core, questions: readonly CorpusQuestion[]): Promise<CorpusAnswerScore> {
  const paperOf = paperIds(core);
  const s: CorpusAnswerScore = {
    citeGoldPage: tally(),
    wronglyDeclined: tally(),
    nearTopicDeclined: tally(),
    offTopicDeclined: tally(),
    statuses: {},
    notedMissing: { answerable: 0, unanswerable: 0 },
    misses: [],
  };
  for (const q of questions) {
    const answer = unwrap(
      await core.invoke('ask.ask', { requestId: `eval-${q.id}`, question: q.question, modelId: null }),
    );
    // The eval's questions are not the user's conversations.
    unwrap(await core.invoke('conversations.delete', { conversationId: answer.conversationId }));
    const declined = answer.mode === 'abstained';
    const noted = answer.notes.some((n) => /\bmentions?\b/.test(n)) || /\bmentions?\b/.test(answer.answer);
    if (q.paper === null) {
      if (noted) s.notedMissing.unanswerable += 1;
      count(q.kind === 'near-topic' ? s.nearTopicDeclined : s.offTopicDeclined, q.id, declined);
      continue;
    }
    if (noted) s.notedMissing.answerable += 1;
    count(s.wronglyDeclined, q.id, declined);
    for (const c of answer.citations) s.statuses[c.status] = (s.statuses[c.status] ?? 0) + 1;
    const cites = answer.citations.some((c) => c.paperId === paperOf.get(q.paper!) && c.page === q.page);
    count(s.citeGoldPage, q.id, cites);
    if (!cites)
      s.misses.push({
        id: q.id,
        mode: answer.mode,
        cited: answer.citations.map((c) => `${(c.title ?? '?').slice(0, 30)} p.${c.page ?? '-'} ${c.status}`),
      });
  }
  return s;
}

/** "a/b (p %)" of a tally's halves together, then each half. */
export function formatTally(t: Tally): string {
  const all: [number, number] = [t.odd[0] + t.even[0], t.odd[1] + t.even[1]];
  const pct = ([a, b]: [number, number]): string => `${((100 * a) / Math.max(1, b)).toFixed(0)} %`;
  return `${all[0]}/${all[1]} (${pct(all)}; odd ${t.odd[0]}/${t.odd[1]}, even ${t.even[0]}/${t.even[1]})`;
}
