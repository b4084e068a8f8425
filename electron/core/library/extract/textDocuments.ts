import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { noMetadata, type ChunkingOptions, type ExtractedDocument, type SectionKind } from '../types.js';
import { normalizeDoi, parseYear } from '../normalize.js';
import { chunkText, type TextSection } from './textChunker.js';

/** What a heading says about its section: the references are kept apart from answer retrieval. */
export function sectionKind(heading: string): SectionKind {
  const bare = heading
    .replace(/^[\dIVX]+(\.\d+)*\.?\s+/i, '')
    .trim()
    .toLowerCase();
  if (/^(references|bibliography|works cited|literature cited|literature)$/.test(bare)) return 'references';
  if (bare === 'abstract' || bare === 'summary') return 'abstract';
  if (/^appendi(x|ces)\b/.test(bare)) return 'appendix';
  return 'body';
}

function documentOf(
  title: string | null,
  sections: TextSection[],
  chunking: ChunkingOptions,
  extra: Partial<ExtractedDocument['metadata']> = {},
): ExtractedDocument {
  const metadata: ExtractedDocument['metadata'] = { ...noMetadata(), title, ...extra };
  if (metadata.title !== null) metadata.sources = { ...metadata.sources, title: 'text' };
  return { pageCount: 0, pages: [], passages: chunkText(sections, chunking), metadata, warnings: [] };
}

/**
 * A Markdown or plain-text file as one document without pages: Markdown
 * headings (and, in plain text, lines that are just "Abstract",
 * "References"...) start sections; the title is the first heading or line.
 */
export function textDocument(
  content: string,
  format: 'text' | 'markdown',
  chunking: ChunkingOptions,
): ExtractedDocument {
  const lines = content
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .split(/\r?\n/);
  const sections: TextSection[] = [];
  let title: string | null = null;
  let current: TextSection = { heading: '', kind: 'body', text: '' };
  const flush = (): void => {
    if (current.text.trim() !== '') sections.push({ ...current, text: current.text.trim() });
  };
  for (const line of lines) {
    const markdown = format === 'markdown' ? /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line) : null;
    const plainHeading =
      format === 'text' && sectionKind(line.trim()) !== 'body' && line.trim().split(/\s+/).length <= 4
        ? line.trim()
        : null;
    const heading = markdown?.[1] ?? plainHeading;
    if (heading !== null && heading !== undefined) {
      if (title === null && markdown !== null && line.startsWith('# ')) {
        title = heading;
        continue;
      }
      flush();
      current = { heading, kind: sectionKind(heading), text: '' };
      continue;
    }
    if (
      title === null &&
      format === 'text' &&
      line.trim() !== '' &&
      current.text.trim() === '' &&
      line.trim().split(/\s+/).length <= 25
    ) {
      title = line.trim();
      continue;
    }
    current.text += `${line}\n`;
  }
  flush();
  // A file of one short line (or only a title heading) is that line: it is the title and the text.
  if (sections.length === 0 && title !== null) sections.push({ heading: '', kind: 'body', text: title });
  return documentOf(title, sections, chunking);
}

export type JsonlItem =
  { docKey: string; sha256: string; document: ExtractedDocument } | { docKey: string; error: string };

interface JsonlRecord {
  _id?: unknown;
  id?: unknown;
  title?: unknown;
  text?: unknown;
  abstract?: unknown;
  authors?: unknown;
  year?: unknown;
  doi?: unknown;
}

/**
 * A JSONL file of documents, one per line: `{"_id", "title", "text"}` (BEIR's
 * corpus format; `id`, `abstract`, `authors`, `year` and `doi` are read too).
 * Streamed line by line, so a large corpus never sits in memory whole; each
 * document is keyed by its id (or its line number) and hashed on its own.
 */
export async function* jsonlDocuments(
  file: string,
  chunking: ChunkingOptions,
  signal?: AbortSignal,
): AsyncGenerator<JsonlItem> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8', signal }),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    const line = raw.trim();
    if (line === '') continue;
    let record: JsonlRecord;
    try {
      record = JSON.parse(line) as JsonlRecord;
    } catch {
      yield { docKey: `line ${n}`, error: `Line ${n} of ${path.basename(file)} is not valid JSON.` };
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      yield { docKey: `line ${n}`, error: `Line ${n} of ${path.basename(file)} is not a JSON object.` };
      continue;
    }
    const id = record._id ?? record.id;
    const docKey = typeof id === 'string' || typeof id === 'number' ? String(id) : `line ${n}`;
    const body =
      typeof record.text === 'string' ? record.text : typeof record.abstract === 'string' ? record.abstract : '';
    const title =
      typeof record.title === 'string' && record.title.trim() !== '' ? record.title.trim().normalize('NFKC') : null;
    if (body.trim() === '' && title === null) {
      yield { docKey, error: `Document ${docKey} (line ${n}) has no "title" or "text".` };
      continue;
    }
    const authors = Array.isArray(record.authors)
      ? record.authors.filter((a): a is string => typeof a === 'string')
      : [];
    const year = parseYear(record.year);
    const doi = normalizeDoi(typeof record.doi === 'string' ? record.doi : null);
    const sources: ExtractedDocument['metadata']['sources'] = {};
    if (authors.length > 0) sources.authors = 'text';
    if (year !== null) sources.year = 'text';
    if (doi !== null) sources.doi = 'text';
    const text = (body.trim() === '' ? (title ?? '') : body).normalize('NFKC');
    yield {
      docKey,
      sha256: createHash('sha256').update(line).digest('hex'),
      document: documentOf(title, [{ heading: '', kind: 'body', text }], chunking, { authors, year, doi, sources }),
    };
  }
}
