import fs from 'node:fs';
import path from 'node:path';
import type { RetrievalMode } from '../../electron/core/ask/retrieval/retriever.js';
import { resolveScope } from '../../electron/core/library/search/scope.js';
import type { Core } from '../../electron/core/index.js';
import { importFiles } from './library.js';

export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

/** A question whose answer sits on a known page of a corpus paper (pages as the PDF viewer numbers them, from 1). */
export interface PaperQuestion {
  question: string;
  file: string;
  page: number;
}

export interface PapersScore {
  mode: string;
  questions: number;
  /** Questions with a top-5 passage from the gold paper lying on the gold page. */
  hits: number;
  misses: Array<{ question: string; file: string; page: number; got: string[] }>;
}

export function paperQuestions(): PaperQuestion[] {
  return JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, 'papers.questions.json'), 'utf8'),
  ) as PaperQuestion[];
}

/**
 * Imports the corpus papers the questions need (already-imported ones are skipped) and waits for embedding; null when
 * done, else why not.
 */
export async function importPapers(core: Core): Promise<string | null> {
  return importFiles(
    core,
    [...new Set(paperQuestions().map((q) => q.file))].map((f) => path.join(CORPUS, f)),
  );
}

/**
 * Imports the corpus papers the questions need and scores each mode (and the last one reranked, when a reranker is
 * set), or says why it could not.
 */
export async function evaluatePapers(
  core: Core,
  withVectors: boolean,
  withReranker: boolean,
): Promise<PapersScore[] | string> {
  const questions = paperQuestions();
  const failed = await importPapers(core);
  if (failed !== null) return failed;

  const paperOf = new Map<string, string>();
  for (const row of core.database.prepare('SELECT path, paper_id AS paperId FROM files').all() as {
    path: string;
    paperId: string;
  }[]) {
    paperOf.set(path.basename(row.path), row.paperId);
  }
  const pagesOf = core.database.prepare('SELECT spans FROM passages WHERE id = ?');
  const scope = resolveScope(core.database, {});
  const modes: RetrievalMode[] = withVectors ? ['fts', 'vector', 'hybrid'] : ['fts'];
  const runs = [
    ...modes.map((mode) => ({ mode, rerank: false })),
    ...(withReranker ? [{ mode: modes.at(-1)!, rerank: true }] : []),
  ];
  const scores: PapersScore[] = [];
  for (const { mode, rerank } of runs) {
    const score: PapersScore = {
      mode: rerank ? `${mode} + rerank` : mode,
      questions: questions.length,
      hits: 0,
      misses: [],
    };
    for (const q of questions) {
      const hits = await core.ask.retriever.search(q.question, { k: 5, scope, mode, rerank });
      const onPage = hits.some((h) => {
        if (h.paperId !== paperOf.get(q.file)) return false;
        const spans = JSON.parse((pagesOf.get(Number(h.passageId)) as { spans: string }).spans) as { page: number }[];
        return spans.some((s) => s.page === q.page);
      });
      if (onPage) score.hits += 1;
      else score.misses.push({ ...q, got: hits.map((h) => `${h.title.slice(0, 40)} p.${h.page ?? '-'}`) });
    }
    scores.push(score);
  }
  return scores;
}
