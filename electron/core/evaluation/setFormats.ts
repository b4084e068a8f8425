import { describeZodError } from '../../contract/index.js';
import { EvalItemInputSchema, type EvalItem } from '../../contract/ops/evaluation.js';
import { formatCsv, parseCsv } from './csv.js';

/** A question read from a file, as stored (defaults applied). */
export interface ParsedItem {
  question: string;
  expected: string;
  paper: string | null;
  page: number | null;
  unanswerable: boolean;
}

export interface ParseResult {
  items: Array<ParsedItem & { line: number }>;
  errors: Array<{ line: number; message: string }>;
}

/** Column and key names people use for each field (compared lower case, spaces and dashes as underscores). */
const ALIASES: Record<string, keyof ParsedItem> = {
  question: 'question',
  expected: 'expected',
  expected_answer: 'expected',
  answer: 'expected',
  paper: 'paper',
  gold_paper: 'paper',
  page: 'page',
  gold_page: 'page',
  unanswerable: 'unanswerable',
};

const canonicalKey = (key: string): string =>
  key
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Maps a record's keys to the fields; text values from CSV are coerced (page number, yes/no). */
function toItem(record: Record<string, unknown>, fromText: boolean): { item?: ParsedItem; error?: string } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const field = ALIASES[canonicalKey(key)];
    if (field === undefined)
      return { error: `unknown field "${key}" (expected question, expected, paper, page, unanswerable)` };
    if (raw[field] !== undefined) return { error: `field ${field} is given twice` };
    raw[field] = value;
  }
  if (fromText) {
    for (const field of ['paper', 'page', 'unanswerable', 'expected'] as const)
      if (raw[field] === '') delete raw[field];
    if (typeof raw.page === 'string') raw.page = /^\d+$/.test(raw.page.trim()) ? Number(raw.page) : raw.page;
    if (typeof raw.unanswerable === 'string') {
      const flag = raw.unanswerable.trim().toLowerCase();
      raw.unanswerable = ['true', 'yes', '1'].includes(flag)
        ? true
        : ['false', 'no', '0'].includes(flag)
          ? false
          : raw.unanswerable;
    }
  }
  const parsed = EvalItemInputSchema.safeParse(raw);
  if (!parsed.success) return { error: describeZodError(parsed.error) };
  const { question, expected, paper, page, unanswerable } = parsed.data;
  return { item: { question, expected, paper, page, unanswerable } };
}

/** One JSON object per line; blank lines are skipped, every other bad line is reported with its number. */
export function parseJsonl(content: string): ParseResult {
  const result: ParseResult = { items: [], errors: [] };
  content.split(/\r?\n/).forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      result.errors.push({
        line,
        message: `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.errors.push({ line, message: 'expected a JSON object with a "question" field' });
      return;
    }
    const { item, error } = toItem(value as Record<string, unknown>, false);
    if (item !== undefined) result.items.push({ ...item, line });
    else result.errors.push({ line, message: error! });
  });
  return result;
}

/** CSV with a header row naming the columns; each record is reported by the line it starts on. */
export function parseCsvItems(content: string): ParseResult {
  const result: ParseResult = { items: [], errors: [] };
  const { records, errors } = parseCsv(content);
  result.errors.push(...errors);
  const [header, ...rows] = records;
  if (header === undefined) return result;
  const columns = header.fields.map((name) => name.trim());
  if (!columns.some((c) => ALIASES[canonicalKey(c)] === 'question')) {
    result.errors.push({ line: header.line, message: 'the first row must name the columns, one of them "question"' });
    return result;
  }
  for (const row of rows) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    if (row.fields.length !== columns.length) {
      result.errors.push({
        line: row.line,
        message: `${row.fields.length} fields where the header has ${columns.length}`,
      });
      continue;
    }
    const { item, error } = toItem(Object.fromEntries(columns.map((c, i) => [c, row.fields[i]!])), true);
    if (item !== undefined) result.items.push({ ...item, line: row.line });
    else result.errors.push({ line: row.line, message: error! });
  }
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

type Exported = Pick<EvalItem, 'question' | 'expected' | 'paper' | 'page' | 'unanswerable'>;

/** JSONL that parseJsonl reads back: optional fields only where set. */
export function toJsonl(items: readonly Exported[]): string {
  return items
    .map((i) =>
      JSON.stringify({
        question: i.question,
        expected: i.expected,
        ...(i.paper === null ? {} : { paper: i.paper }),
        ...(i.page === null ? {} : { page: i.page }),
        ...(i.unanswerable ? { unanswerable: true } : {}),
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function toCsv(items: readonly Exported[]): string {
  return formatCsv([
    ['question', 'expected', 'paper', 'page', 'unanswerable'],
    ...items.map((i) => [
      i.question,
      i.expected,
      i.paper ?? '',
      i.page === null ? '' : String(i.page),
      i.unanswerable ? 'true' : '',
    ]),
  ]);
}
