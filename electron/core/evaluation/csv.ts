/** A CSV record with the line it starts on (quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields in double quotes may hold commas,
 * line breaks and doubled quotes. A stray quote inside an unquoted field, text
 * after a closing quote, or a quote left open is reported by line and that
 * record dropped; parsing resumes at the next line. (csv-parse 7 was tried:
 * it reports a record by the line after it ends, an unclosed quote at the end
 * of the file and one bad line twice, and the import must name the line a
 * researcher fixes.)
 */
export function parseCsv(content: string): { records: CsvRecord[]; errors: Array<{ line: number; message: string }> } {
  const records: CsvRecord[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  const text = content.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let error: string | null = null;
    let inQuotes = false;
    let quoted = false;
    let ended = false;
    while (i < text.length && !ended) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c === '"') inQuotes = false;
        else {
          if (c === '\n') line += 1;
          field += c;
        }
        i += 1;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        quoted = false;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i += 1;
        line += 1;
        ended = true;
      } else if (c === '"' && field === '' && !quoted) {
        inQuotes = true;
        quoted = true;
      } else if (quoted) {
        error ??= 'text after a closing quote (a quote inside a field must be doubled, "")';
      } else if (c === '"') {
        error ??= 'a quote inside an unquoted field (quote the whole field and double the quote)';
      } else {
        field += c;
      }
      i += 1;
    }
    if (inQuotes) {
      errors.push({ line: start, message: 'a quoted field is never closed' });
      break;
    }
    fields.push(field);
    if (error !== null) errors.push({ line: start, message: error });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return { records, errors };
}

export function toCsvRow(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
