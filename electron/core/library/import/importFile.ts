import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ChunkingOptions, ExtractedDocument, ExtractionProgress } from '../types.js';
import { ExtractionError } from '../types.js';
import type { PaperQueries } from '../store/paperQueries.js';
import type { DocumentFormat, FileRecord, NewPaper, PaperStore, WrittenPaper } from '../store/paperStore.js';
import type { DocumentExtractor } from '../extract/extractor.js';
import type { FileOutcome, ImportLog } from './importLog.js';
import { probeFile, statFile, type ProbedFile } from './fileProbe.js';
import { jsonlDocuments, textDocument } from '../extract/textDocuments.js';

export interface ImportFileDeps {
  db: Database.Database;
  papers: PaperStore;
  queries: PaperQueries;
  log: ImportLog;
  chunking: ChunkingOptions;
  extractor: () => DocumentExtractor;
  /**
   * Contents (by sha256) being indexed now, each settling when its file is done: the same bytes under another name
   * wait, then are a duplicate.
   */
  inFlight?: Map<string, Promise<void>>;
}

export interface FileTask {
  importId: string;
  ordinal: number;
  path: string;
  format: DocumentFormat;
}

/** A file's stage and its pages; for a PDF, also what its extraction reported (pages read, their cost). */
export type StageReporter = (
  message: string,
  done: number,
  total: number | null,
  extraction?: ExtractionProgress,
) => void;

const STAGES: Record<ExtractionProgress['stage'], string> = {
  open: 'Opening',
  text: 'Reading text',
  ocr: 'Recognising scanned text (OCR)',
  recognized: 'Recognising scanned text (OCR)',
  structure: 'Finding sections and passages',
};

export const UNCHANGED = 'Already in the library and unchanged since it was imported.';

/**
 * True when a single-document file has the size and modification time it had
 * when imported: unchanged, without reading it again (a watched folder's
 * rescan stays cheap). A JSONL file is always re-read: a run killed half-way
 * through one leaves some of its documents recorded.
 */
export async function unchangedOnDisk(deps: ImportFileDeps, task: FileTask): Promise<boolean> {
  if (task.format === 'jsonl') return false;
  const stat = await statFile(task.path).catch(() => null);
  const known = deps.queries.filesAt(task.path).find((f) => f.docKey === '');
  return stat !== null && known?.size === stat.size && known.mtimeMs === stat.mtimeMs;
}

/**
 * Imports one file: every paper it yields is written in its own transaction
 * together with the file's outcome, so a crash leaves each paper whole or
 * absent and the import record telling which. Throws ExtractionError for a
 * file that cannot be read; the caller records it as failed and goes on.
 */
export async function importFile(
  deps: ImportFileDeps,
  task: FileTask,
  signal: AbortSignal,
  report: StageReporter,
): Promise<FileOutcome[]> {
  report('Checking', 0, null);
  const probed = await probeFile(task.path, signal);
  return task.format === 'jsonl'
    ? importJsonl(deps, task, probed, signal, report)
    : importSingle(deps, task, probed, signal, report);
}

function fileRecord(filePath: string, docKey: string, probed: ProbedFile, sha256 = probed.sha256): FileRecord {
  return { path: filePath, docKey, sha256, size: probed.size, mtimeMs: probed.mtimeMs };
}

type Placement =
  | { kind: 'unchanged' }
  | { kind: 'duplicate'; holder: { paperId: string; path: string }; replaces: string | null }
  | { kind: 'content'; replaces: string | null };

/**
 * What a file (or JSONL document) needs, given the library as it is now:
 * nothing (same bytes already recorded at this path), a note that another
 * file holds the same bytes, or its content indexed. `replaces` is the paper
 * the path showed before, when its bytes changed.
 */
function placement(deps: ImportFileDeps, file: FileRecord): Placement {
  const atPath = deps.queries.filesAt(file.path).find((f) => f.docKey === file.docKey);
  if (atPath?.sha256 === file.sha256) return { kind: 'unchanged' };
  const replaces = atPath?.paperId ?? null;
  const holder = deps.queries.paperWithContent(file.sha256, file.docKey);
  return holder !== undefined && holder.path !== file.path
    ? { kind: 'duplicate', holder, replaces }
    : { kind: 'content', replaces };
}

/**
 * Writes one document, deciding again from the library as it is inside the
 * transaction (an import running alongside may have placed the same file
 * since the first look). Returns null when there was nothing to do.
 */
function place(
  deps: ImportFileDeps,
  file: FileRecord,
  name: (path: string) => string,
  paper: () => NewPaper,
): FileOutcome | null {
  const now = placement(deps, file);
  if (now.kind === 'unchanged') return null;
  if (now.kind === 'duplicate') {
    if (now.replaces !== null) deps.papers.removeFile(file.path, file.docKey);
    deps.papers.addFile(now.holder.paperId, file);
    return {
      type: 'duplicate',
      file: name(file.path),
      paperId: now.holder.paperId,
      duplicateOf: name(now.holder.path),
    };
  }
  let written: WrittenPaper;
  // A changed file rewrites its paper in place, unless other files still hold the old bytes.
  if (now.replaces !== null && deps.queries.fileCount(now.replaces) === 1)
    written = deps.papers.replaceContent(now.replaces, paper());
  else {
    if (now.replaces !== null) deps.papers.removeFile(file.path, file.docKey);
    written = deps.papers.insertPaper(paper());
  }
  return { type: 'imported', file: name(file.path), ...written };
}

const unchanged = (file: string): FileOutcome => ({ type: 'skipped', file, reason: UNCHANGED });
const noPaper = (): NewPaper => {
  throw new Error('the paper it duplicated left the library while it was being imported; import it again');
};

async function importSingle(
  deps: ImportFileDeps,
  task: FileTask,
  probed: ProbedFile,
  signal: AbortSignal,
  report: StageReporter,
): Promise<FileOutcome[]> {
  const file = fileRecord(task.path, '', probed);
  const first = placement(deps, file);
  if (first.kind === 'unchanged') return commit(deps, task, [unchanged(task.path)]);
  if (first.kind === 'duplicate')
    return commit(deps, task, () => [place(deps, file, String, noPaper) ?? unchanged(task.path)]);

  // The same bytes under another name are being read right now (a copy in the same folder): read them once.
  const other = deps.inFlight?.get(file.sha256);
  if (other !== undefined) {
    report('Waiting for a file with the same content', 0, null);
    await new Promise<void>((resolve) => {
      void other.then(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    signal.throwIfAborted();
    if (placement(deps, file).kind !== 'content')
      return commit(deps, task, () => [place(deps, file, String, noPaper) ?? unchanged(task.path)]);
  }
  let settle!: () => void;
  const claim = new Promise<void>((resolve) => (settle = resolve));
  deps.inFlight?.set(file.sha256, claim);
  try {
    const document = await extractSingle(deps, task, signal, report);
    signal.throwIfAborted();
    report('Indexing', document.pageCount, document.pageCount);
    const fallbackTitle = path.basename(task.path, path.extname(task.path));
    return commit(deps, task, () => [
      place(deps, file, String, () => ({ format: task.format, file, document, fallbackTitle })) ?? unchanged(task.path),
    ]);
  } finally {
    if (deps.inFlight?.get(file.sha256) === claim) deps.inFlight.delete(file.sha256);
    settle();
  }
}

async function extractSingle(
  deps: ImportFileDeps,
  task: FileTask,
  signal: AbortSignal,
  report: StageReporter,
): Promise<ExtractedDocument> {
  if (task.format === 'pdf') {
    return deps.extractor().extract(task.path, {
      signal,
      onProgress: (p) => report(STAGES[p.stage], p.page, p.pages, p),
    });
  }
  report('Reading text', 0, null);
  let content: string;
  try {
    content = await fs.promises.readFile(task.path, { encoding: 'utf8', signal });
  } catch (error) {
    signal.throwIfAborted();
    throw new ExtractionError(
      'MISSING',
      `${task.path} disappeared while Scholium was reading it (${(error as Error).message}).`,
    );
  }
  const document = textDocument(content, task.format === 'markdown' ? 'markdown' : 'text', deps.chunking);
  if (document.passages.length === 0) throw new ExtractionError('EMPTY', `${task.path} holds no text.`);
  return document;
}

async function importJsonl(
  deps: ImportFileDeps,
  task: FileTask,
  probed: ProbedFile,
  signal: AbortSignal,
  report: StageReporter,
): Promise<FileOutcome[]> {
  const earlier = deps.log.outcomes(task.importId, task.ordinal);
  const done = new Set(earlier.map((o) => o.file));
  const known = new Map(deps.queries.filesAt(task.path).map((f) => [f.docKey, f]));
  const seen = new Set<string>();
  const outcomes: FileOutcome[] = [...earlier];
  let documents = 0;
  for await (const item of jsonlDocuments(task.path, deps.chunking, signal)) {
    documents += 1;
    if (documents % 50 === 0) report(`Document ${documents}`, documents, null);
    const name = `${task.path}#${item.docKey}`;
    seen.add(item.docKey);
    if (done.has(name)) continue;
    if ('error' in item) {
      outcomes.push(...append(deps, task, [{ type: 'failed', file: name, error: item.error, code: 'CORRUPT' }]));
      continue;
    }
    const file = fileRecord(task.path, item.docKey, probed, item.sha256);
    if (placement(deps, file).kind === 'unchanged') continue;
    const named = (p: string): string => `${p}#${item.docKey}`;
    const paper = (): NewPaper => ({ format: 'jsonl', file, document: item.document, fallbackTitle: item.docKey });
    outcomes.push(
      ...append(deps, task, () => [place(deps, file, named, paper)].filter((o): o is FileOutcome => o !== null)),
    );
  }
  const gone = [...known.keys()].filter((key) => !seen.has(key));
  const tail: FileOutcome[] = outcomes.length === 0 ? [{ type: 'skipped', file: task.path, reason: UNCHANGED }] : [];
  commit(deps, task, tail, () => gone.forEach((key) => deps.papers.removeFile(task.path, key)));
  return [...outcomes, ...tail];
}

type Work = () => FileOutcome[];

/**
 * Writes outcomes, and the paper work that produced them, in one transaction;
 * `finish` also marks the file done there (a JSONL file is finished only after its last document).
 */
function append(
  deps: Pick<ImportFileDeps, 'db' | 'log'>,
  task: Pick<FileTask, 'importId' | 'ordinal'>,
  outcomes: FileOutcome[] | Work,
  work?: () => void,
  finish = false,
): FileOutcome[] {
  return deps.db
    .transaction(() => {
      work?.();
      const list = typeof outcomes === 'function' ? outcomes() : outcomes;
      for (const o of list) deps.log.append(task.importId, task.ordinal, o);
      if (finish) deps.log.finishFile(task.importId, task.ordinal);
      return list;
    })
    .immediate();
}

export function commit(
  deps: Pick<ImportFileDeps, 'db' | 'log'>,
  task: Pick<FileTask, 'importId' | 'ordinal'>,
  outcomes: FileOutcome[] | Work,
  work?: () => void,
): FileOutcome[] {
  return append(deps, task, outcomes, work, true);
}
