import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** A CSV record with the line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

/** What a researcher fixes, for the errors csv-parse raises on RFC 4180 input. */
const PROBLEMS: Partial<Record<CsvError['code'], string>> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double the quote)',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote (a quote inside a field must be doubled, "")',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
};

const CR = 0x0d;
const LF = 0x0a;

/** The 1-based physical line (ended by \r\n, \n or \r) of byte offsets given in increasing order. */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset; at += 1) if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line += 1;
    return line;
  };
}

/** The offset just past the end of the physical line holding `offset`. */
function nextLine(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (at < bytes.length && bytes[at] !== LF && bytes[at] !== CR) at += 1;
  if (bytes[at] === CR && bytes[at + 1] === LF) at += 1;
  return at + 1;
}

/**
 * RFC 4180 CSV through csv-parse: comma-separated, fields in double quotes may
 * hold commas, line breaks and doubled quotes; any of \r\n, \n, \r ends a
 * record. A record csv-parse refuses (a stray quote inside an unquoted field,
 * text after a closing quote) is reported by the line it starts on and
 * dropped, and parsing resumes on the line after the fault; a quote left open
 * ends the file. csv-parse's own line counts are not used: they name the line
 * a record ends on, count a \r\n inside quotes twice, and its
 * skip_records_with_error reports a stray quote twice and, after text past a
 * closing quote, swallows the rest of the file. Lines are counted here from
 * the byte offsets it reports instead.
 */
export function parseCsv(content: string): { records: CsvRecord[]; errors: CsvProblem[] } {
  const bytes = Buffer.from(content.replace(/^\uFEFF/, ''));
  const lineAt = lineCounter(bytes);
  const records: CsvRecord[] = [];
  const errors: CsvProblem[] = [];
  let from = 0;
  while (from < bytes.length) {
    // Where the record being read starts: past the previous one, which csv-parse reports in bytes.
    let recordStart = from;
    try {
      parse(bytes.subarray(from), {
        relax_column_count: true,
        record_delimiter: ['\r\n', '\n', '\r'],
        raw: true,
        // raw: true hands each record over as { record, raw }, which csv-parse's types leave out.
        on_record: (record, { bytes: end }) => {
          const { record: fields } = record as unknown as { record: string[] };
          if (!(fields.length === 1 && fields[0] === '')) records.push({ line: lineAt(recordStart), fields });
          recordStart = from + end;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      errors.push({ line: lineAt(recordStart), message: PROBLEMS[error.code] ?? error.message });
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') break;
      // error.raw: the record as far as csv-parse read it, up to the fault.
      from = nextLine(bytes, recordStart + Buffer.byteLength(String(error.raw ?? '')));
    }
  }
  return { records, errors };
}

/** CSV that parseCsv reads back: \r\n after each row; fields with a comma, quote or line break quoted. */
export function formatCsv(rows: string[][]): string {
  return stringify(rows, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
